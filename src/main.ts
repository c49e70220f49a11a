import { systemClock, type Clock } from './clock/clock.js';
import type { VeilleConfig } from './config/config-types.js';
import type { CycleObserver } from './cycle/cycle-observer.js';
import type { CycleReport } from './cycle/cycle-report.js';
import { runCycle } from './cycle/run-cycle.js';
import { createDestination } from './deliver/check-destination.js';
import type { DestinationRuntime } from './deliver/dispatch-outbox.js';
import { createPacer, withSafetyMargin } from './deliver/pacer.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './deliver/retry-policy.js';
import { createConnectionPool, fetchFeed } from './fetch/fetch-feed.js';
import { holdStateLease, type StateLease } from './lease/hold-state-lease.js';
import type { Logger } from './log/logger.js';
import { compileMatcher } from './match/index.js';
import { parseFeed, type ParsedFeed } from './parse/parse-feed.js';
import { chooseStore, openStore, type StoreChoice } from './store/open-store.js';
import { openSqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';

/** A wired veille: config, state, matcher and destinations, ready to run cycles. */
export interface App {
  readonly config: VeilleConfig;
  readonly store: Store;
  runCycle(signal?: AbortSignal): Promise<CycleReport>;
  /**
   * Claims the state file for this process (commands that write call it first). @throws StateInUseError
   * A no-op on PostgreSQL: replicas share the database (work sharing between them comes later).
   */
  claimState(): Promise<void>;
  close(): Promise<void>;
}

export interface AppOptions {
  /** The SQLite state file, unless `store` is given. */
  readonly dbPath: string;
  /**
   * A store the caller opened (a PostgreSQL one: see `openApp`). The app closes it, and takes no
   * single-writer lease on it. Without it: the SQLite file at `dbPath`, under its lease.
   */
  readonly store?: Store;
  readonly logger: Logger;
  /** Where the console destination prints. */
  readonly write: (text: string) => void;
  readonly clock?: Clock;
  readonly retry?: RetryPolicy;
  /** Replaceable for tests that count parses. */
  readonly parseFeed?: (xml: string) => Promise<ParsedFeed>;
  /** Replaceable for tests that inject a resolver (private-address checks). */
  readonly fetchFeed?: typeof fetchFeed;
  /** Metrics and health: told about each source, delivery attempt and cycle. */
  readonly observer?: CycleObserver;
}

/** The composition root: the only place that knows every concrete implementation. */
export function createApp(config: VeilleConfig, options: AppOptions): App {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? openSqliteStore(options.dbPath);
  const singleWriter = options.store === undefined;
  const matcher = compileMatcher(config.watches.map((watch) => ({ name: watch.name, rule: watch.rule })));
  const destinations: DestinationRuntime[] = config.destinations.map((destinationConfig) => {
    const destination = createDestination(destinationConfig, { write: options.write, timeZone: config.settings.timezone });
    return { destination, pacer: createPacer(withSafetyMargin(destination.pacing)) };
  });
  const watches = new Map(config.watches.map((watch) => [watch.name, { watch, sources: new Set(watch.sources) }]));
  const alertDestinations = alertDestinationsBySource(config);
  // Only destinations something posts to (a watch, or health notices) are dispatched.
  const used = new Set([...config.watches.flatMap((watch) => watch.to), ...config.alertDestinations]);
  const dispatched = destinations.filter((runtime) => used.has(runtime.destination.name));
  for (const warning of config.warnings) options.logger.warn({ file: warning.file, line: warning.line, path: warning.path }, `configuration: ${warning.message}`);
  for (const inactive of config.inactiveDestinations) {
    options.logger.info({ destination: inactive.name, missing: inactive.missing }, 'optional destination not configured; skipped');
  }
  const connections = createConnectionPool();
  let closed = false;
  let lease: StateLease | undefined;
  return {
    config,
    store,
    runCycle: (signal) =>
      runCycle(config, {
        store,
        matcher,
        fetchFeed: options.fetchFeed ?? fetchFeed,
        connections,
        parseFeed: options.parseFeed ?? parseFeed,
        ...(options.observer === undefined ? {} : { observer: options.observer }),
        watches,
        alertDestinations,
        clock,
        logger: options.logger,
        destinations: dispatched,
        retry: options.retry ?? DEFAULT_RETRY_POLICY,
        ...(signal === undefined ? {} : { signal }),
      }),
    async claimState() {
      if (!singleWriter) return;
      lease ??= await holdStateLease(store, { clock, logger: options.logger, path: options.dbPath });
    },
    async close() {
      if (closed) return;
      closed = true;
      connections.close();
      await Promise.allSettled(destinations.map((runtime) => runtime.destination.close()));
      await lease?.release().catch((error: unknown) => options.logger.warn({ err: error }, 'could not release the claim on the state file'));
      await store.close();
    },
  };
}

/**
 * `createApp` on the store the environment and config choose: PostgreSQL when `databaseUrl`
 * (`VEILLE_DATABASE_URL`) or `settings.database` names one, else the SQLite file at `dbPath`.
 * @throws StoreError when the database cannot be opened
 */
export async function openApp(config: VeilleConfig, options: Omit<AppOptions, 'store'> & { readonly databaseUrl?: string }): Promise<App> {
  const choice = appStoreChoice(config, options);
  if (choice.engine === 'sqlite') return createApp(config, options);
  const store = await openStore(choice);
  try {
    return createApp(config, { ...options, store });
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The store `openApp` opens for this config and environment. */
export function appStoreChoice(config: VeilleConfig, options: { readonly dbPath: string; readonly databaseUrl?: string }): StoreChoice {
  return chooseStore(options.dbPath, options.databaseUrl ?? config.settings.database);
}

/** Health notices go to the configured `alerts` destinations, else to those of the source's watches. */
function alertDestinationsBySource(config: VeilleConfig): Map<string, readonly string[]> {
  const bySource = new Map<string, Set<string>>(config.sources.map((source) => [source.name, new Set<string>()]));
  if (config.alertDestinations.length === 0) {
    // Linear in sources x watches: 10,000 sources must not cost 10,000 list scans each.
    for (const watch of config.watches) {
      for (const source of watch.sources) for (const destination of watch.to) bySource.get(source)?.add(destination);
    }
  }
  return new Map(
    [...bySource].map(([source, destinations]) => [source, config.alertDestinations.length > 0 ? config.alertDestinations : [...destinations]]),
  );
}
