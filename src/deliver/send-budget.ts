import type { Destination } from './destination.js';

/**
 * The most requests one delivery makes: a Discord bot's follow-up in a forum channel starts a
 * thread and replies in it, and, its parent gone, posts a message that the forum refuses and then
 * a forum post.
 */
export const MOST_REQUESTS_PER_DELIVERY = 4;

/**
 * How long a send of `count` deliveries (or digest messages) to `destination` may take at most:
 * each request within the destination's timeout. 0 for a kind that makes no request (console).
 * Replicas claim a destination for this long plus one lease before a send, and abort the send past
 * it (src/cycle/replica-claims.ts), so that no send of theirs outlives their claim.
 */
export function sendBudgetMs(destination: Pick<Destination, 'requestTimeoutMs'>, count: number): number {
  return (destination.requestTimeoutMs ?? 0) * MOST_REQUESTS_PER_DELIVERY * Math.max(1, count);
}

/** What aborts a send past its budget (none for a budget of 0), and at shutdown when `shutdown` is given. */
export function budgetSignal(budgetMs: number, shutdown?: AbortSignal): AbortSignal | undefined {
  if (budgetMs <= 0) return shutdown;
  const timeout = AbortSignal.timeout(budgetMs);
  return shutdown === undefined ? timeout : AbortSignal.any([shutdown, timeout]);
}
