/** When a failing source is tried again: next cycle after one failure, then exponentially later. */
export const SOURCE_BACKOFF_BASE_MS = 5 * 60_000;
export const SOURCE_BACKOFF_CAP_MS = 6 * 3_600_000;
/** A server's Retry-After is honoured up to a day: a date in 2099 must not park a source for good. */
export const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

/**
 * `consecutiveFailures` counts the failure just recorded. A `Retry-After` from the server is a floor.
 * Returns the next attempt time, or undefined for "next cycle".
 */
export function nextSourceAttempt(now: Date, consecutiveFailures: number, retryAfterMs?: number): Date | undefined {
  const backoff =
    consecutiveFailures <= 1 ? 0 : Math.min(SOURCE_BACKOFF_CAP_MS, SOURCE_BACKOFF_BASE_MS * 2 ** (consecutiveFailures - 2));
  const delay = Math.max(backoff, Math.min(retryAfterMs ?? 0, RETRY_AFTER_CAP_MS));
  return delay === 0 ? undefined : new Date(now.getTime() + delay);
}
