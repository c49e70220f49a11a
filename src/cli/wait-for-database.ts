import type { Clock } from '../clock/clock.js';
import { StoreError } from '../errors/store-error.js';
import type { Logger } from '../log/logger.js';
import { describeStore, openStore, type StoreChoice } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** Waits between attempts: doubling from 1 s up to 30 s. */
export const DATABASE_RETRY = { firstMs: 1_000, maxMs: 30_000 } as const;

/**
 * Opens (and migrates) the PostgreSQL store, trying again with backoff while the server cannot be
 * reached, so that a replica started before its database waits for it instead of exiting in a
 * restart loop. A database written by a newer veille, or one that refuses the schema, is not
 * waited for (@throws StoreError). Returns undefined when `signal` aborts first.
 */
export async function openStoreWaiting(
  choice: StoreChoice,
  deps: { readonly logger: Logger; readonly clock: Clock; readonly signal: AbortSignal; readonly open?: (choice: StoreChoice) => Promise<Store> },
): Promise<Store | undefined> {
  const open = deps.open ?? ((chosen: StoreChoice) => openStore(chosen));
  let waitMs: number = DATABASE_RETRY.firstMs;
  for (let attempt = 1; !deps.signal.aborted; attempt += 1) {
    try {
      const store = await open(choice);
      if (attempt > 1) deps.logger.info({ db: describeStore(choice), attempts: attempt }, 'database reached');
      return store;
    } catch (error) {
      if (!(error instanceof StoreError) || error.kind !== 'unavailable') throw error;
      deps.logger.warn({ db: describeStore(choice), attempt, retryInSeconds: waitMs / 1000, reason: error.message }, 'database unreachable; trying again');
      await deps.clock.sleep(waitMs, deps.signal);
      waitMs = Math.min(waitMs * 2, DATABASE_RETRY.maxMs);
    }
  }
  return undefined;
}
