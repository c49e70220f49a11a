import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WatchConfig } from '../../src/config/config-types.js';
import { startDigestTimers } from '../../src/digest/digest-timers.js';
import { silentLogger } from '../helpers/silent-logger.js';

afterEach(() => {
  vi.useRealTimers();
});

const watch = { name: 'cloud', to: ['discord'], digests: { discord: '0 8 * * *' } } as unknown as WatchConfig;

describe('digest timers', () => {
  it('a timer that fires before the fire time (timers have millisecond granularity) waits for it: the digest is asked for once, at 08:00', async () => {
    vi.useFakeTimers();
    let now = Date.parse('2026-03-03T07:59:59.000Z');
    const clock = { now: () => new Date(now), sleep: async () => undefined };
    const asked: string[] = [];
    const timers = startDigestTimers([watch], 'UTC', async () => {
      asked.push(new Date(now).toISOString());
    }, { clock, logger: silentLogger });
    try {
      now = Date.parse('2026-03-03T07:59:59.999Z'); // the clock lags the timer by a millisecond
      await vi.advanceTimersByTimeAsync(1_000);
      expect(asked).toEqual([]);
      now = Date.parse('2026-03-03T08:00:00.000Z');
      await vi.advanceTimersByTimeAsync(1);
      expect(asked).toEqual(['2026-03-03T08:00:00.000Z']);
    } finally {
      timers.stop();
    }
  });
});
