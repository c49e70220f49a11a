import { systemClock, type Clock } from './clock/clock.js';
import type { VeilleConfig } from './config/config-types.js';
import type { CycleObserver } from './cycle/cycle-observer.js';
import type { CycleReport } from './cycle/cycle-report.js';
import { runCycle } from './cycle/run-cycle.js';
import { DEFAULT_REPLICA_LEASE_MS, startCycleClaims } from './cycle/replica-claims.js';
import { replicaCycleClaims } from './cycle/replica-cycle.js';
import { createReplicaId } from './cycle/replica-id.js';
import { sendDueDigests, type DigestReport } from './digest/send-digests.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './deliver/retry-policy.js';
import { createConnectionPool, fetchFeed } from './fetch/fetch-feed.js';
import { holdStateLease, type StateLease } from './lease/hold-state-lease.js';
import type { Logger } from './log/logger.js';
import type { ParsedFeed } from './parse/parse-feed.js';
import type { DestinationRuntime } from './deliver/dispatch-outbox.js';
import { buildConfigRuntime, type ConfigRuntime } from './reload/config-runtime.js';
import { loadStoryStage, type StoryStage } from './cycle/story-stage.js';
import { DEFAULT_STORY_WINDOW_MS } from './cycle/story-window.js';
import { chooseStore, openStore, type StoreChoice } from './store/open-store.js';
import { openSqliteStore } from './store/sqlite/sqlite-store.js';
import type { Store } from './store/store.js';

/** A wired veille: config, state, matcher and destinations, ready to run cycles. */
export interface App {
  readonly config: VeilleConfig;
  /** The newest valid configuration: a reload's as soon as it is built (cycles take it from the next one), else `config`. */
  readonly loadedConfig: VeilleConfig;
  readonly store: Store;
  /** `tick`: the schedule's fire time this cycle serves (default: its latest at or before now; now for a one-shot app), see replica-claims.ts. A cycle, then the digests that are due (see `sendDigests`). */
  runCycle(signal?: AbortSignal, tick?: Date): Promise<CycleReport>;
  /** This process's name among replicas (claims, `veille sources`). */
  readonly replicaId: string;
  /** Sends the digests that are due now (src/digest/); one run at a time. */
  sendDigests(signal?: AbortSignal): Promise<DigestReport>;
  /**
   * A new valid configuration (a reload): built now (@throws when a destination client cannot be
   * built), it applies from the next cycle, never to one in progress. Destination clients whose
   * settings did not change are kept, pacer included; the others are closed when it applies.
   */
  reconfigure(config: VeilleConfig): void;
  /**
   * Claims the state file for this process (commands that write call it first). @throws StateInUseError
   * A no-op on PostgreSQL: replicas share the database and split the work with claims (src/cycle/replica-claims.ts).
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
  /** This replica's id (default: a new one, see createReplicaId); on PostgreSQL, replicas share the work through claims. */
  readonly replicaId?: string;
  /**
   * A single cycle (`veille once`): on PostgreSQL it has a tick of its own (now), so it reads every
   * due source no replica is reading at that moment, and it releases the destinations it sent to
   * instead of keeping them for pacing (see replica-claims.ts).
   */
  readonly oneShot?: boolean;
}

/** The feed parser (htmlparser2 and the parse stages) loads with the first document to parse, not at start. */
const parseFeedLazily = async (xml: string): Promise<ParsedFeed> => (await import('./parse/parse-feed.js')).parseFeed(xml);

/** The composition root: the only place that knows every concrete implementation. */
export function createApp(config: VeilleConfig, options: AppOptions): App {
  const clock = options.clock ?? systemClock;
  // A one-shot process (cron) checks the file's integrity once a day, not at every start (open-sqlite.ts).
  const store = options.store ?? openSqliteStore(options.dbPath, options.oneShot === true ? { quickCheck: 'when-due' } : {});
  const singleWriter = options.store === undefined;
  const runtimeDeps = { write: options.write, logger: options.logger };
  let current = buildConfigRuntime(config, runtimeDeps).runtime;
  // A reloaded configuration, built, waits here for the next cycle: a cycle in progress keeps its own.
  let next: { readonly runtime: ConfigRuntime; readonly retired: readonly DestinationRuntime[] } | undefined;
  const connections = createConnectionPool();
  let closed = false;
  let lease: StateLease | undefined;
  const replicaId = options.replicaId ?? createReplicaId();
  // Digests are sent one run at a time (a timer and a cycle's end may ask together).
  let digests: Promise<unknown> = Promise.resolve();
  const sendDigests = (signal?: AbortSignal): Promise<DigestReport> => {
    const run = digests.then(async () => {
      const { config: digestConfig, dispatched } = current;
      // Replicas send a digest under its destination's claim (see DigestDeps.claims).
      const claims = singleWriter
        ? undefined
        : startCycleClaims({
            store, clock, logger: options.logger, tick: clock.now(), keepDestinations: options.oneShot !== true,
            replica: { id: replicaId, leaseMs: digestConfig.settings.replicaLeaseMs ?? DEFAULT_REPLICA_LEASE_MS },
          });
      try {
        return await sendDueDigests({
          store, watches: digestConfig.watches, destinations: dispatched, timeZone: digestConfig.settings.timezone, clock, logger: options.logger,
          retry: options.retry ?? DEFAULT_RETRY_POLICY, ...(signal === undefined ? {} : { signal }), ...(claims === undefined ? {} : { claims }),
          ...(options.observer === undefined ? {} : { observer: options.observer }),
        });
      } finally {
        await claims?.end();
      }
    });
    digests = run.catch(() => undefined);
    return run;
  };
  // The story window, loaded from the store by the first cycle (again if a reload changes its length).
  let stories: StoryStage | undefined;
  return {
    replicaId,
    get config() {
      return current.config;
    },
    get loadedConfig() {
      return next?.runtime.config ?? current.config;
    },
    store,
    reconfigure(config) {
      const built = buildConfigRuntime(config, runtimeDeps, current);
      // Replaced before any cycle used it: its own new clients go now.
      const unused = next?.runtime.destinations.filter((runtime) => !current.destinations.includes(runtime) && !built.runtime.destinations.includes(runtime)) ?? [];
      next = built;
      void Promise.allSettled(unused.map((runtime) => runtime.destination.close()));
    },
    async runCycle(signal, tick) {
      if (next !== undefined) {
        // Cycles never overlap: the clients a reload replaced served the last cycle, which is over.
        const { runtime, retired } = next;
        next = undefined;
        current = runtime;
        await Promise.allSettled(retired.map((old) => old.destination.close()));
      }
      const { config: cycleConfig, matcher, watches, alertDestinations, dispatched } = current;
      // The story window: loaded by the first cycle (again when a reload changes its length); on a
      // shared database at every cycle, since the other replicas add to it too (and synced with
      // what they placed before each placing: src/cycle/place-stories.ts).
      const storyWindowMs = cycleConfig.settings.storyWindowMs ?? DEFAULT_STORY_WINDOW_MS;
      if (!singleWriter || stories?.windowMs !== storyWindowMs) stories = await loadStoryStage(store, storyWindowMs, clock.now(), !singleWriter);
      // Replicas on one database share the work; a SQLite file has one writer (its lease).
      const claims = singleWriter ? undefined : await replicaCycleClaims(cycleConfig, { store, clock, logger: options.logger, replicaId, oneShot: options.oneShot === true, ...(tick === undefined ? {} : { tick }) });
      let report: CycleReport;
      try {
        report = await runCycle(cycleConfig, {
          store,
          stories,
          matcher,
          fetchFeed: options.fetchFeed ?? fetchFeed,
          connections,
          parseFeed: options.parseFeed ?? parseFeedLazily,
          ...(options.observer === undefined ? {} : { observer: options.observer }),
          watches,
          alertDestinations,
          clock,
          logger: claims === undefined ? options.logger : options.logger.child({ replica: replicaId, tick: claims.tick }),
          destinations: dispatched,
          retry: options.retry ?? DEFAULT_RETRY_POLICY,
          ...(signal === undefined ? {} : { signal }),
          ...(claims === undefined ? {} : { claims }),
        });
      } finally {
        await claims?.end();
      }
      // Digests due now, or missed while veille was down (the first cycle at start).
      const digest = await sendDigests(signal).catch((error: unknown) => options.logger.error({ err: error }, 'could not send the digests'));
      return digest === undefined ? report : { ...report, digestMessages: digest.messages, digestItems: digest.items };
    },
    sendDigests,
    async claimState() {
      if (!singleWriter) return;
      lease ??= await holdStateLease(store, { clock, logger: options.logger, path: options.dbPath });
    },
    async close() {
      if (closed) return;
      closed = true;
      connections.close();
      const pending = next?.runtime.destinations.filter((runtime) => !current.destinations.includes(runtime)) ?? [];
      await Promise.allSettled([...current.destinations, ...pending].map((runtime) => runtime.destination.close()));
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
