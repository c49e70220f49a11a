import { systemClock } from '../clock/clock.js';
import type { VeilleConfig } from '../config/config-types.js';
import { appStoreChoice, createApp, openApp, type App, type AppOptions } from '../main.js';
import { createDeferredStore } from '../store/deferred-store.js';
import { describeStore } from '../store/open-store.js';
import { openStoreWaiting } from './wait-for-database.js';

export interface RunApp {
  readonly app: App;
  /** Whether the state is a PostgreSQL database shared by replicas. */
  readonly shared: boolean;
  /** Reaches the database, waiting with backoff while it cannot (PostgreSQL); false: shutdown came first. */
  connect(signal: AbortSignal): Promise<boolean>;
}

/**
 * `openApp` for `veille run`. On PostgreSQL the app starts on a deferred store (see
 * deferred-store.ts) so that the HTTP endpoint answers while `connect` waits for the server:
 * not ready until it is reached, no crash loop. SQLite opens at once, as before.
 */
export async function openRunApp(config: VeilleConfig, options: Omit<AppOptions, 'store'> & { readonly databaseUrl?: string }): Promise<RunApp> {
  const choice = appStoreChoice(config, options);
  if (choice.engine === 'sqlite') return { app: await openApp(config, options), shared: false, connect: async () => true };
  const deferred = createDeferredStore(describeStore(choice));
  const app = createApp(config, { ...options, store: deferred.store });
  return {
    app,
    shared: true,
    async connect(signal) {
      const store = await openStoreWaiting(choice, { logger: options.logger, clock: options.clock ?? systemClock, signal });
      if (store === undefined) return false;
      deferred.open(store);
      return true;
    },
  };
}
