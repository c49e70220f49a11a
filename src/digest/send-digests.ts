import type { Clock } from '../clock/clock.js';
import type { WatchConfig } from '../config/config-types.js';
import type { CycleObserver } from '../cycle/cycle-observer.js';
import type { CycleClaims } from '../cycle/replica-claims.js';
import type { DestinationRuntime } from '../deliver/dispatch-outbox.js';
import type { DigestMessage } from '../deliver/digest-message.js';
import type { SendResult } from '../deliver/destination.js';
import { backoffDelayMs, type RetryPolicy } from '../deliver/retry-policy.js';
import { budgetSignal, sendBudgetMs } from '../deliver/send-budget.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import { expireOrphanDigests } from './expire-orphan-digests.js';
import { previousFire } from './digest-times.js';
import { digestSchedules, type DigestSchedule } from './digest-schedules.js';

export interface DigestDeps {
  readonly store: Store;
  readonly watches: readonly WatchConfig[];
  readonly destinations: readonly DestinationRuntime[];
  /** `settings.timezone`: the zone digests' cron expressions are read in. */
  readonly timeZone: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  /** Shutdown: finish the message in flight, send no other. */
  readonly signal?: AbortSignal;
  /**
   * Replicas on one database: a digest is sent by the replica that holds its destination's claim
   * (the same claim the outbox is drained under), so two replicas never send one digest's items
   * together. Absent: one process, nothing to share.
   */
  readonly claims?: Pick<CycleClaims, 'claimDestination' | 'keepDestination' | 'holdForSend' | 'sendDone'>;
  /** Told of every digest message posted (metrics). */
  readonly observer?: Pick<CycleObserver, 'digestSent'>;
}

export interface DigestReport {
  /** Messages posted. */
  readonly messages: number;
  /** Collected items they held. */
  readonly items: number;
}

/**
 * Sends every digest that is due: for each (watch, destination) with a digest, the one of the last
 * fire time at or before now (a digest missed while veille was down fires once, late), with the
 * items collected until then; plus what a crash or a failure left unsent. A digest with nothing
 * collected sends nothing. Never one that is not due: items collected after the last fire time
 * wait for the next. Then gives up the items of digests no longer configured (expire-orphan-digests.ts).
 */
export async function sendDueDigests(deps: DigestDeps): Promise<DigestReport> {
  const report = { messages: 0, items: 0 };
  for (const schedule of digestSchedules(deps.watches)) {
    if (deps.signal?.aborted) break;
    await sendDigest(schedule, deps, report);
  }
  // Items of a digest no longer configured would wait forever: given up once too old.
  if (deps.signal?.aborted !== true) await expireOrphanDigests(deps);
  return report;
}

async function sendDigest(schedule: DigestSchedule, deps: DigestDeps, report: { messages: number; items: number }): Promise<void> {
  const runtime = deps.destinations.find((candidate) => candidate.destination.name === schedule.destination);
  const destination = runtime?.destination;
  if (runtime === undefined || destination?.renderDigest === undefined) return;
  const log = deps.logger.child({ watch: schedule.watch, destination: schedule.destination });
  if ((await deps.store.destinationDisabledReason(destination.name, destination.fingerprint)) !== undefined) return;
  const period = previousFire(schedule.cron, deps.timeZone, deps.clock.now());
  if (period === undefined) return;
  if (deps.claims !== undefined) {
    // Another replica sends to this destination now: it sends the digest too (or a later run does).
    if (!(await deps.claims.claimDestination(schedule.destination))) return;
    try {
      await sendClaimedDigest(schedule, period, deps, report, runtime, log);
    } finally {
      await deps.claims.keepDestination(schedule.destination);
    }
    return;
  }
  await sendClaimedDigest(schedule, period, deps, report, runtime, log);
}

async function sendClaimedDigest(
  schedule: DigestSchedule,
  period: Date,
  deps: DigestDeps,
  report: { messages: number; items: number },
  runtime: DestinationRuntime,
  log: Logger,
): Promise<void> {
  const { destination } = runtime;
  if (destination.renderDigest === undefined) return;
  const entries = await deps.store.claimDigest(schedule.watch, schedule.destination, period.toISOString());
  if (entries.length === 0) return;
  // Loaded with the first digest that holds items: grouping them loads the story matcher (src/stories).
  const { buildDigests } = await import('./build-digest.js');
  await destination.prepareDigest?.();
  const watch = deps.watches.find((candidate) => candidate.name === schedule.watch);
  const options = { ...(watch?.color === undefined ? {} : { color: watch.color }), stories: watch?.stories ?? 'group' } as const;
  for (const { digest, ids } of buildDigests(entries, options)) {
    const messages = destination.renderDigest(digest);
    let story = 0;
    let sent = 0;
    for (const message of messages) {
      const messageIds = ids.slice(story, story + message.stories).flat();
      story += message.stories;
      const outcome = await sendMessage(message, messageIds, runtime, deps, log);
      if (outcome === 'stop') return;
      if (outcome === 'sent') {
        sent += 1;
        report.messages += 1;
        report.items += messageIds.length;
        deps.observer?.digestSent?.(schedule.destination, messageIds.length);
      }
    }
    log.info({ period: digest.period, stories: digest.stories.length, messages: messages.length, sent }, 'digest sent');
  }
}

/** Posts one message of a digest and records its items' outcome; 'stop' leaves the rest of the digest for later. */
async function sendMessage(
  message: DigestMessage,
  ids: readonly number[],
  runtime: DestinationRuntime,
  deps: DigestDeps,
  log: Logger,
): Promise<'sent' | 'failed' | 'stop'> {
  const { clock, store, retry } = deps;
  for (let attempt = 1; ; attempt += 1) {
    for (let wait = runtime.pacer.delayMs(clock.now().getTime()); wait > 0; wait = runtime.pacer.delayMs(clock.now().getTime())) {
      await clock.sleep(wait, deps.signal);
      if (deps.signal?.aborted) return 'stop';
    }
    runtime.pacer.record(clock.now().getTime());
    // Replicas: the claim covers the whole send, which is aborted past its budget (see replica-claims.ts).
    const budgetMs = deps.claims === undefined ? 0 : sendBudgetMs(runtime.destination, 1);
    if (deps.claims !== undefined && !(await deps.claims.holdForSend(runtime.destination.name, budgetMs))) return 'stop';
    let result: SendResult;
    try {
      result = await message.send(budgetSignal(budgetMs, deps.signal));
    } finally {
      await deps.claims?.sendDone(runtime.destination.name);
    }
    const at = clock.now().toISOString();
    if (result.delivered) {
      // Outside any try: a store that cannot record it must not make us send it again.
      await store.finishDigestEntries(ids, { at, state: 'sent' });
      return 'sent';
    }
    const { error } = result;
    switch (error.outcome) {
      case 'rate-limited': {
        const waitMs = Math.max(error.retryAfterMs ?? retry.baseDelayMs, 0);
        if (waitMs > retry.maxInlineWaitMs || attempt > 10) {
          log.info({ waitMs }, 'digest rate limited; the rest is sent later');
          return 'stop';
        }
        await clock.sleep(waitMs, deps.signal);
        break;
      }
      case 'retry': {
        const delayMs = backoffDelayMs(attempt, retry);
        if (attempt >= retry.maxInlineAttempts || delayMs > retry.maxInlineWaitMs) {
          log.warn({ status: error.status, err: error }, 'digest message failed; the rest is sent later');
          return 'stop';
        }
        await clock.sleep(delayMs, deps.signal);
        break;
      }
      case 'permanent':
        log.error({ status: error.status, err: error }, 'digest message refused by the destination; giving up on its items');
        await store.finishDigestEntries(ids, { at, state: 'failed', error: error.message });
        return 'failed';
      case 'disable':
        log.error({ status: error.status, err: error }, 'destination rejected us (deleted webhook or revoked token); disabling it until its settings change');
        await store.disableDestination(runtime.destination.name, runtime.destination.fingerprint, error.message, at);
        return 'stop';
    }
    if (deps.signal?.aborted) return 'stop';
  }
}
