import pLimit from 'p-limit';
import type { VeilleConfig } from '../config/config-types.js';
import { dispatchOutbox, type DestinationRuntime } from '../deliver/dispatch-outbox.js';
import type { RetryPolicy } from '../deliver/retry-policy.js';
import type { CycleObserver } from './cycle-observer.js';
import type { CycleReport } from './cycle-report.js';
import { createHostGate } from './host-gate.js';
import { summarizeSources } from './cycle-report.js';
import { recordSourceRead } from './record-source-read.js';
import { runSource, type SourceDeps } from './run-source.js';
import type { CycleClaims } from './replica-claims.js';
import { dueSources } from './source-interval.js';
import type { SourceOutcome } from './source-outcome.js';

export interface CycleDeps extends Omit<SourceDeps, 'settings'> {
  readonly destinations: readonly DestinationRuntime[];
  readonly retry: RetryPolicy;
  readonly observer?: CycleObserver;
  /** Replicas on one database: a source or destination another replica claimed is left to it (see replica-claims.ts). */
  readonly claims?: CycleClaims;
}

/** Replicas: at most this many sources claimed in one statement (and held before their read starts). */
const MAX_CLAIM_BATCH = 16;

/**
 * One polling cycle: every due source (see source-interval.ts) in bounded parallel (at most `concurrency` at once, and at most
 * `perHost` of one host: a source waits for its host's slot before it takes a global one, so a busy
 * host never holds back the others; a failing source is isolated), then a sync
 * point (what the reads recorded is on disk before anything is sent), then the outbox is
 * dispatched (pending entries of earlier cycles included), then old records are pruned.
 */
export async function runCycle(config: VeilleConfig, deps: CycleDeps): Promise<CycleReport> {
  const started = deps.clock.now();
  deps.observer?.cycleStarted?.(started);
  const limit = pLimit(config.settings.concurrency);
  const hostGate = createHostGate(config.settings.perHost);
  const sourceDeps: SourceDeps = { ...deps, settings: config.settings };
  // Stories older than the window no longer take later coverage (issue 14).
  await deps.stories?.evict(started, deps.store);
  // Only sources whose interval (`every:`, the feed's hints) has passed are read at this tick.
  const records = new Map((await deps.store.listSources()).map((record) => [record.name, record]));
  const due = dueSources(config.sources, config.settings, records, started);
  // Replicas claim the due sources a few at a time, in this order (one round trip per batch).
  deps.claims?.plan(due.map((source) => source.name), Math.min(config.settings.concurrency, MAX_CLAIM_BATCH));
  const outcomes = await Promise.all(
    due.map((source) =>
      hostGate(source.host, () => limit(async () => {
        if (deps.signal?.aborted) return { source: source.name, url: source.displayUrl, outcome: { status: 'skipped', until: 'shutdown' } as SourceOutcome };
        try {
          if (deps.claims !== undefined && !(await deps.claims.claimSource(source.name))) return undefined; // another replica's
          const started = deps.clock.now().getTime();
          // One writer (no claims): the record listed at the start is the source's current one.
          const listed = deps.claims === undefined ? { record: records.get(source.name) } : deps.claims.claimedRecord(source.name);
          const outcome = await runSource(source, sourceDeps, listed);
          const ended = deps.clock.now();
          deps.observer?.sourceFinished?.(source.name, outcome, ended.getTime() - started);
          await recordSourceRead(deps, { source: source.name, outcome, at: ended, durationMs: ended.getTime() - started });
          return { source: source.name, url: source.displayUrl, outcome };
        } catch (error) {
          // runSource records its own failures; this is the store failing while doing so.
          deps.logger.error({ source: source.name, err: error }, 'could not record the outcome of this source');
          return { source: source.name, url: source.displayUrl, outcome: { status: 'failed', kind: 'internal', message: (error as Error).message } as SourceOutcome };
        }
      })),
    ),
  );
  await deps.claims?.releaseSources();
  await deps.claims?.tickReadsDone(deps.signal);
  const summary = summarizeSources(outcomes.filter((outcome) => outcome !== undefined));
  // What the reads recorded becomes durable before anything is sent (see Store.syncPoint).
  await deps.store.syncPoint(deps.clock.now().toISOString());
  const dispatched = await dispatchOutbox({
    store: deps.store,
    destinations: deps.destinations,
    logger: deps.logger,
    clock: deps.clock,
    retry: deps.retry,
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
    ...(deps.observer === undefined ? {} : { observer: deps.observer }),
    ...(deps.claims === undefined ? {} : { claims: deps.claims }),
  });
  const now = deps.clock.now();
  // Late is worse than never for news: an entry that could not go out in time is given up, not
  // sent when its destination comes back weeks later.
  const expired = await housekeeping(deps.logger, 'give up on deliveries that could not be made in time', new Map<string, number>(), () =>
    deps.store.expirePending(new Date(now.getTime() - deps.retry.maxAgeMs).toISOString(), now.toISOString(), 'not delivered in time: destination removed, disabled or unreachable'),
  );
  for (const [destination, count] of expired) {
    deps.logger.warn({ destination, count }, 'gave up on deliveries that could not be made in time');
  }
  await housekeeping(deps.logger, 'forget what the retention no longer needs', undefined, () => deps.store.prune(new Date(now.getTime() - config.settings.retentionMs).toISOString()));
  const pending = await deps.store.pendingCount();
  const report: CycleReport = {
    startedAt: started.toISOString(),
    durationMs: deps.clock.now().getTime() - started.getTime(),
    sources: config.sources.length,
    ...summary,
    delivered: dispatched.delivered,
    deliveryFailures: dispatched.failed + [...expired.values()].reduce((sum, count) => sum + count, 0),
    pending,
    // The digests due are sent after the cycle: App.runCycle (src/main.ts) fills these in.
    digestMessages: 0,
    digestItems: 0,
  };
  deps.observer?.cycleFinished?.(report);
  deps.logger.info(
    {
      sources: report.sources, fetched: report.fetched, notModified: report.notModified, unchanged: report.unchanged,
      failed: report.failed, skipped: report.skipped, newItems: report.newItems, matched: report.matched,
      delivered: report.delivered, pending: report.pending, durationMs: report.durationMs,
    },
    'cycle finished',
  );
  return report;
}

/**
 * A housekeeping step after the cycle's reads and sends (their work is on disk already): when it
 * fails (a database blip, a PostgreSQL deadlock with another replica's writes), the cycle still
 * finishes and reports; the next cycle runs the step again.
 */
async function housekeeping<T>(logger: CycleDeps['logger'], step: string, fallback: T, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    logger.warn({ step, err: error }, 'a housekeeping step failed; the next cycle runs it again');
    return fallback;
  }
}
