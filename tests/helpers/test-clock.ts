import type { Clock } from '../../src/clock/clock.js';

/** A clock whose sleeps return at once and move time forward; it records every wait. */
export function createTestClock(start = '2026-11-23T12:00:00.000Z'): Clock & { readonly sleeps: number[]; advance(ms: number): void } {
  let now = Date.parse(start);
  const sleeps: number[] = [];
  return {
    now: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
    sleeps,
    advance(ms) {
      now += ms;
    },
  };
}
