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

/**
 * Real time, sped up: `factor` virtual ms pass per real ms, and sleeps last `ms / factor` real ms.
 * For tests that need long waits (rate limits) against real servers whose own clocks are real.
 */
export function createScaledClock(factor: number): Clock {
  const base = Date.now();
  const started = performance.now();
  return {
    now: () => new Date(base + (performance.now() - started) * factor),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        if (signal?.aborted || ms <= 0) return resolve();
        const timer = setTimeout(done, ms / factor);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}
