import { createHash } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import type { CycleObserver } from '../cycle/cycle-observer.js';
import { DeliveryError } from '../errors/delivery-error.js';
import type { Logger } from '../log/logger.js';
import type { OutboxEntry, Store } from '../store/store.js';
import type { Destination } from './destination.js';
import type { Pacer } from './pacer.js';
import { backoffDelayMs, type RetryPolicy } from './retry-policy.js';

/** A destination with the state that must outlive one cycle (its pacer). */
export interface DestinationRuntime {
  readonly destination: Destination;
  readonly pacer: Pacer;
}

export interface DispatchDeps {
  readonly store: Store;
  readonly destinations: readonly DestinationRuntime[];
  readonly logger: Logger;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  /** Shutdown: finish the send in flight, start no other. */
  readonly signal?: AbortSignal;
  readonly observer?: Pick<CycleObserver, 'deliveryAttempted'>;
}

export interface DispatchReport {
  readonly delivered: number;
  /** Entries given up on (permanent errors). */
  readonly failed: number;
}

type EntryOutcome = 'delivered' | 'failed' | 'deferred' | 'disabled' | 'stopped';

const BATCH = 50;

/**
 * Sends due outbox entries, each destination independently and in parallel, oldest item first.
 * An entry is marked delivered only after the destination accepted it. A transient failure is
 * retried in the cycle while the wait is short, then deferred (later entries of that destination
 * wait too, to keep the order); a permanent one is recorded and skipped; a disabling one (deleted
 * webhook) stops all calls to that destination until its settings change.
 */
export async function dispatchOutbox(deps: DispatchDeps): Promise<DispatchReport> {
  // Every destination's loop finishes before this returns, even when one fails: nothing keeps
  // sending in the background after the cycle (or shutdown) thinks dispatch is over.
  const settled = await Promise.allSettled(deps.destinations.map((runtime) => dispatchDestination(runtime, deps)));
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  const reports = settled.map((result) => (result as PromiseFulfilledResult<DispatchReport>).value);
  return {
    delivered: reports.reduce((sum, r) => sum + r.delivered, 0),
    failed: reports.reduce((sum, r) => sum + r.failed, 0),
  };
}

async function dispatchDestination(runtime: DestinationRuntime, deps: DispatchDeps): Promise<DispatchReport> {
  const { destination } = runtime;
  const report = { delivered: 0, failed: 0 };
  const disabled = await deps.store.destinationDisabledReason(destination.name, destination.fingerprint);
  if (disabled !== undefined) {
    const pending = await deps.store.pendingCount(destination.name);
    if (pending > 0) deps.logger.warn({ destination: destination.name, pending, reason: disabled }, 'destination is disabled; fix its settings to resume');
    return report;
  }
  for (;;) {
    if (deps.signal?.aborted) return report;
    const entries = await deps.store.dueDeliveries(destination.name, deps.clock.now().toISOString(), BATCH);
    if (entries.length === 0) return report;
    for (const entry of entries) {
      const outcome = await deliverEntry(entry, runtime, deps);
      if (outcome === 'delivered') report.delivered += 1;
      else if (outcome === 'failed') report.failed += 1;
      else return report; // deferred, disabled or stopped: nothing more for this destination now
    }
  }
}

async function deliverEntry(entry: OutboxEntry, runtime: DestinationRuntime, deps: DispatchDeps): Promise<EntryOutcome> {
  const { destination, pacer } = runtime;
  const { clock, store, retry } = deps;
  const log = deps.logger.child({ destination: destination.name, item: entry.item.link ?? entry.item.id, watch: entry.watch });
  let transientFailures = 0;
  let rateLimits = 0;
  for (;;) {
    if (deps.signal?.aborted) return 'stopped';
    // Re-check after each sleep: timers may wake a little early, and the windows must hold.
    for (let wait = pacer.delayMs(clock.now().getTime()); wait > 0; wait = pacer.delayMs(clock.now().getTime())) {
      await clock.sleep(wait, deps.signal);
      if (deps.signal?.aborted) return 'stopped';
    }
    pacer.record(clock.now().getTime());
    try {
      await destination.send({
        item: entry.item,
        watch: entry.watch,
        terms: entry.terms,
        idempotencyKey: idempotencyKey(entry),
        ...(entry.color === undefined ? {} : { color: entry.color }),
      });
    } catch (caught) {
      const error = asDeliveryError(caught, destination.name);
      deps.observer?.deliveryAttempted?.(destination.name, error.outcome);
      const at = clock.now();
      switch (error.outcome) {
        case 'rate-limited': {
          rateLimits += 1;
          const waitMs = Math.max(error.retryAfterMs ?? retry.baseDelayMs, 0);
          // Saved before waiting, so that a restart after a crash waits too.
          await store.markRetry(entry.id, { at: at.toISOString(), nextAttemptAt: new Date(at.getTime() + waitMs).toISOString(), error: error.message, failedAttempts: 0 });
          log.info({ waitMs }, 'rate limited by the destination; waiting as asked');
          if (waitMs <= retry.maxInlineWaitMs && rateLimits <= 10) {
            await clock.sleep(waitMs, deps.signal);
            continue;
          }
          return 'deferred';
        }
        case 'retry': {
          transientFailures += 1;
          const attempts = entry.attempts + transientFailures;
          if (attempts >= retry.maxAttempts || at.getTime() - Date.parse(entry.enqueuedAt) >= retry.maxAgeMs) {
            log.error({ status: error.status, attempts, err: error }, 'delivery kept failing; giving up on this item');
            await store.markFailed(entry.id, { at: at.toISOString(), error: `gave up after ${attempts} attempts: ${error.message}` });
            return 'failed';
          }
          const delayMs = backoffDelayMs(entry.attempts + transientFailures, retry);
          if (transientFailures < retry.maxInlineAttempts && delayMs <= retry.maxInlineWaitMs) {
            log.warn({ status: error.status, delayMs, err: error }, 'delivery failed; retrying');
            await clock.sleep(delayMs, deps.signal);
            continue;
          }
          const nextAttemptAt = new Date(at.getTime() + delayMs).toISOString();
          log.warn({ status: error.status, nextAttemptAt, err: error }, 'delivery failed; will retry in a later cycle');
          await store.markRetry(entry.id, { at: at.toISOString(), nextAttemptAt, error: error.message, failedAttempts: transientFailures });
          return 'deferred';
        }
        case 'permanent':
          log.error({ status: error.status, err: error }, 'delivery refused by the destination; giving up on this item');
          await store.markFailed(entry.id, { at: at.toISOString(), error: error.message });
          return 'failed';
        case 'disable':
          log.error({ status: error.status, err: error }, 'destination rejected us (deleted webhook or revoked token); disabling it until its settings change');
          await store.disableDestination(destination.name, destination.fingerprint, error.message, at.toISOString());
          return 'disabled';
      }
    }
    // Only a successful send gets here (every failure above returns or tries again). Outside the
    // send's try: a store that cannot record the delivery must not make us send it again; the error
    // stops this destination and reaches the cycle, and the entry stays pending.
    deps.observer?.deliveryAttempted?.(destination.name, 'delivered');
    await store.markDelivered(entry.id, clock.now().toISOString());
    log.debug({}, 'delivered');
    return 'delivered';
  }
}

/** 25 characters that name this (destination, story) pair whatever the attempt. */
function idempotencyKey(entry: OutboxEntry): string {
  return createHash('sha256').update(`${entry.destination}\n${entry.item.storyKey}`).digest('base64url').slice(0, 25);
}

function asDeliveryError(error: unknown, destination: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  // A bug or an unexpected failure in a client: retry rather than lose the item.
  return new DeliveryError(`unexpected error: ${(error as Error)?.message ?? String(error)}`, { destination, outcome: 'retry' }, { cause: error });
}
