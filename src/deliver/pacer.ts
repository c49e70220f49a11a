import type { PacingPolicy } from './destination.js';

export type Clock = () => number;

export interface Pacer {
  /** Ms to wait from `now` before the next send keeps every window within its limit (0: send now). */
  delayMs(now?: number): number;
  /** Records a send made at `now`. */
  record(now?: number): void;
}

/**
 * Sliding-window pacer: a send at time t occupies every window [s, s + windowMs) that contains t;
 * `delayMs` is the smallest wait after which no window of any policy holds more than its `limit`
 * sends. Deterministic given the times passed in (`clock` is only the default for omitted times).
 */
export function createPacer(policies: readonly PacingPolicy[], clock: Clock = Date.now): Pacer {
  for (const { limit, windowMs } of policies) {
    if (!Number.isInteger(limit) || limit < 1 || !Number.isFinite(windowMs) || windowMs <= 0) {
      throw new RangeError(`invalid pacing policy: ${limit} per ${windowMs} ms`);
    }
  }
  const longestWindow = Math.max(0, ...policies.map((p) => p.windowMs));
  const largestLimit = Math.max(0, ...policies.map((p) => p.limit));
  // Ascending send times; only the last `largestLimit` within the longest window can matter.
  const sends: number[] = [];

  return {
    delayMs(now = clock()) {
      let wait = 0;
      for (const { limit, windowMs } of policies) {
        // The limit-th most recent send must have left the window before the next one goes.
        const blocking = sends[sends.length - limit];
        if (blocking !== undefined) wait = Math.max(wait, blocking + windowMs - now);
      }
      return wait;
    },
    record(now = clock()) {
      let at = sends.length;
      while (at > 0 && (sends[at - 1] ?? 0) > now) at -= 1;
      sends.splice(at, 0, now);
      const latest = sends[sends.length - 1] ?? now;
      while (sends.length > 0 && ((sends[0] ?? 0) <= latest - longestWindow || sends.length > largestLimit)) {
        sends.shift();
      }
    },
  };
}

/**
 * Widens each window by `marginMs`: the remote side counts requests when they arrive, and network
 * jitter can bring two requests sent exactly one window apart closer together.
 */
export function withSafetyMargin(policies: readonly PacingPolicy[], marginMs = 500): PacingPolicy[] {
  return policies.map((policy) => ({ limit: policy.limit, windowMs: policy.windowMs + marginMs }));
}
