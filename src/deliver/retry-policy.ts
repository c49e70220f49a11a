/** How the outbox retries a destination that failed transiently. */
export interface RetryPolicy {
  /** First backoff; doubles with each failed attempt. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Waits up to this long happen within the cycle; longer ones are left for a later cycle. */
  readonly maxInlineWaitMs: number;
  /** Transient failures retried within one cycle before the entry is deferred. */
  readonly maxInlineAttempts: number;
  /** Source of jitter in [0, 1). */
  readonly random: () => number;
  /**
   * A transient failure that never clears is given up (recorded as failed) after this many
   * attempts or this long after the entry was enqueued, so it stops holding back the queue.
   */
  readonly maxAttempts: number;
  readonly maxAgeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1_000,
  maxDelayMs: 3_600_000,
  maxInlineWaitMs: 30_000,
  maxInlineAttempts: 3,
  random: Math.random,
  maxAttempts: 12,
  maxAgeMs: 24 * 3_600_000,
};

/** Exponential backoff with "equal jitter": half fixed, half random, capped. `attempt` starts at 1. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * policy.random());
}
