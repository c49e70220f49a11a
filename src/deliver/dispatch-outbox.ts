import { createHash } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import type { CycleObserver } from '../cycle/cycle-observer.js';
import type { CycleClaims } from '../cycle/replica-claims.js';
import type { DeliveryError } from '../errors/delivery-error.js';
import type { Logger } from '../log/logger.js';
import type { OutboxEntry, Store } from '../store/store.js';
import type { Delivery, Destination, SendResult } from './destination.js';
import { asDeliveryError } from './send-one-by-one.js';
import type { Pacer } from './pacer.js';
import { backoffDelayMs, type RetryPolicy } from './retry-policy.js';
import { budgetSignal, sendBudgetMs } from './send-budget.js';
import { storyPostAfter, withStories } from './story-deliveries.js';

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
  /** Replicas: a destination's queue is drained by the replica that claims it (see src/cycle/replica-claims.ts). */
  readonly claims?: Pick<CycleClaims, 'claimDestination' | 'holdsDestination' | 'keepDestination' | 'holdForSend' | 'sendDone'>;
}

export interface DispatchReport {
  readonly delivered: number;
  /** Entries given up on (permanent errors). */
  readonly failed: number;
}

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
  const { claims } = deps;
  if (claims === undefined) return drainDestination(runtime, deps);
  // Another replica drains this queue (or did within one lease): it keeps the order and the pacing.
  if (!(await claims.claimDestination(runtime.destination.name))) return { delivered: 0, failed: 0 };
  try {
    return await drainDestination(runtime, deps);
  } finally {
    await claims.keepDestination(runtime.destination.name);
  }
}

async function drainDestination(runtime: DestinationRuntime, deps: DispatchDeps): Promise<DispatchReport> {
  const { destination } = runtime;
  const report = { delivered: 0, failed: 0 };
  const disabled = await deps.store.destinationDisabledReason(destination.name, destination.fingerprint);
  if (disabled !== undefined) {
    const pending = await deps.store.pendingCount(destination.name);
    if (pending > 0) deps.logger.warn({ destination: destination.name, pending, reason: disabled }, 'destination is disabled; fix its settings to resume');
    return report;
  }
  const batchLimit = Math.max(1, Math.floor(destination.batchLimit));
  for (;;) {
    if (deps.signal?.aborted) return report;
    const entries = await deps.store.dueDeliveries(destination.name, deps.clock.now().toISOString(), BATCH);
    if (entries.length === 0) return report;
    for (let start = 0; start < entries.length; start += batchLimit) {
      const outcome = await deliverBatch(entries.slice(start, start + batchLimit), runtime, deps, report);
      if (outcome !== 'continue') return report; // deferred, disabled or stopped: nothing more for this destination now
    }
  }
}

/**
 * Sends `entries` (at most the destination's batch limit), oldest first, and records each entry's
 * outcome. A failed entry is handled alone (retried within the cycle, given up, or deferred); the
 * entries after it are sent again in a later `send`, so the order is kept.
 */
async function deliverBatch(
  entries: readonly OutboxEntry[],
  runtime: DestinationRuntime,
  deps: DispatchDeps,
  report: { delivered: number; failed: number },
): Promise<'continue' | 'deferred' | 'disabled' | 'stopped'> {
  const { destination, pacer } = runtime;
  const { clock, store } = deps;
  let pending = entries;
  // Failures of the entry at the head of `pending`, reset when it is settled.
  let tries = { transientFailures: 0, rateLimits: 0 };
  while (pending.length > 0) {
    if (deps.signal?.aborted) return 'stopped';
    // Re-check after each sleep: timers may wake a little early, and the windows must hold.
    for (let wait = pacer.delayMs(clock.now().getTime()); wait > 0; wait = pacer.delayMs(clock.now().getTime())) {
      await clock.sleep(wait, deps.signal);
      if (deps.signal?.aborted) return 'stopped';
    }
    // A claim that could not be renewed may be another replica's by now: send nothing more.
    if (deps.claims !== undefined && !deps.claims.holdsDestination(destination.name)) return 'stopped';
    pacer.record(clock.now().getTime());
    let results: readonly SendResult[];
    // Later coverage of a story posted here is attached to that post (issue 14).
    const deliveries = await withStories(pending, pending.map(toDelivery), destination.name, store);
    // Replicas: the claim covers the whole send, which is aborted past its budget (see replica-claims.ts).
    const budgetMs = sendBudgetMs(destination, deliveries.length);
    if (deps.claims !== undefined && !(await deps.claims.holdForSend(destination.name, budgetMs))) return 'stopped';
    try {
      results = await destination.send(deliveries, deps.claims === undefined ? undefined : budgetSignal(budgetMs));
    } catch (caught) {
      // A kind must not throw; if one does, the head entry is treated as transiently failed.
      results = [{ delivered: false, error: asDeliveryError(caught, destination.name) }];
    } finally {
      await deps.claims?.sendDone(destination.name);
    }
    // A kind that reports nothing attempted nothing: a transient failure of the head entry.
    if (results.length === 0) results = [{ delivered: false, error: asDeliveryError(new Error('the destination reported no result'), destination.name) }];
    // Entries without a result were not attempted: they go in the next send.
    let next = Math.min(results.length, deliveries.length);
    for (const [index, result] of results.slice(0, deliveries.length).entries()) {
      const entry = pending[index] as OutboxEntry;
      if (result.delivered) {
        // Outside any try: a store that cannot record the delivery must not make us send it again;
        // the error stops this destination and reaches the cycle, and the entry stays pending.
        deps.observer?.deliveryAttempted?.(destination.name, 'delivered');
        await store.markDelivered(entry.id, clock.now().toISOString());
        const post = storyPostAfter(deliveries[index] as Delivery, result, destination.name, clock.now().toISOString());
        if (post !== undefined) await store.saveStoryPost(post);
        deps.logger.debug({ destination: destination.name, item: entry.item.link ?? entry.item.id, watch: entry.watch }, 'delivered');
        report.delivered += 1;
        tries = { transientFailures: 0, rateLimits: 0 };
        continue;
      }
      const decision = await handleFailure(entry, result.error, tries, runtime, deps);
      if (decision === 'again') {
        next = index;
      } else if (decision === 'failed') {
        report.failed += 1;
        tries = { transientFailures: 0, rateLimits: 0 };
        next = index + 1;
      } else {
        return decision;
      }
      break;
    }
    pending = pending.slice(next);
  }
  return 'continue';
}

/** Records a failed entry and says what to do: send it again now, go on without it, or stop. */
async function handleFailure(
  entry: OutboxEntry,
  error: DeliveryError,
  tries: { transientFailures: number; rateLimits: number },
  runtime: DestinationRuntime,
  deps: DispatchDeps,
): Promise<'again' | 'failed' | 'deferred' | 'disabled' | 'stopped'> {
  const { destination } = runtime;
  const { clock, store, retry } = deps;
  const log = deps.logger.child({ destination: destination.name, item: entry.item.link ?? entry.item.id, watch: entry.watch });
  deps.observer?.deliveryAttempted?.(destination.name, error.outcome);
  const at = clock.now();
  switch (error.outcome) {
    case 'rate-limited': {
      tries.rateLimits += 1;
      const waitMs = Math.max(error.retryAfterMs ?? retry.baseDelayMs, 0);
      // Saved before waiting, so that a restart after a crash waits too.
      await store.markRetry(entry.id, { at: at.toISOString(), nextAttemptAt: new Date(at.getTime() + waitMs).toISOString(), error: error.message, failedAttempts: 0 });
      log.info({ waitMs }, 'rate limited by the destination; waiting as asked');
      if (waitMs <= retry.maxInlineWaitMs && tries.rateLimits <= 10) {
        await clock.sleep(waitMs, deps.signal);
        return deps.signal?.aborted ? 'stopped' : 'again';
      }
      return 'deferred';
    }
    case 'retry': {
      tries.transientFailures += 1;
      const attempts = entry.attempts + tries.transientFailures;
      if (attempts >= retry.maxAttempts || at.getTime() - Date.parse(entry.enqueuedAt) >= retry.maxAgeMs) {
        log.error({ status: error.status, attempts, err: error }, 'delivery kept failing; giving up on this item');
        await store.markFailed(entry.id, { at: at.toISOString(), error: `gave up after ${attempts} attempts: ${error.message}` });
        return 'failed';
      }
      const delayMs = backoffDelayMs(attempts, retry);
      if (tries.transientFailures < retry.maxInlineAttempts && delayMs <= retry.maxInlineWaitMs) {
        log.warn({ status: error.status, delayMs, err: error }, 'delivery failed; retrying');
        await clock.sleep(delayMs, deps.signal);
        return deps.signal?.aborted ? 'stopped' : 'again';
      }
      const nextAttemptAt = new Date(at.getTime() + delayMs).toISOString();
      log.warn({ status: error.status, nextAttemptAt, err: error }, 'delivery failed; will retry in a later cycle');
      await store.markRetry(entry.id, { at: at.toISOString(), nextAttemptAt, error: error.message, failedAttempts: tries.transientFailures });
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

function toDelivery(entry: OutboxEntry): Delivery {
  return {
    item: entry.item,
    watch: entry.watch,
    terms: entry.terms,
    idempotencyKey: idempotencyKey(entry),
    ...(entry.color === undefined ? {} : { color: entry.color }),
  };
}

/** 25 characters that name this (destination, story) pair whatever the attempt. */
function idempotencyKey(entry: OutboxEntry): string {
  return createHash('sha256').update(`${entry.destination}\n${entry.item.storyKey}`).digest('base64url').slice(0, 25);
}
