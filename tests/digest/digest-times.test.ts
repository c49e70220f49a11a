import { describe, expect, it } from 'vitest';
import { checkDigestCron, nextFire, previousFire } from '../../src/digest/digest-times.js';
import { planDeliveries } from '../../src/cycle/plan-deliveries.js';
import { digestSchedules } from '../../src/digest/digest-schedules.js';
import type { WatchConfig } from '../../src/config/config-types.js';

describe('digest fire times (cron in a time zone)', () => {
  it.each([
    // Weekday 08:00 in Paris: winter UTC+1, summer UTC+2 (DST starts on 29 March 2026).
    { now: '2026-03-03T06:59:59.000Z', previous: '2026-03-02T07:00:00.000Z', next: '2026-03-03T07:00:00.000Z' },
    { now: '2026-03-03T07:00:00.000Z', previous: '2026-03-03T07:00:00.000Z', next: '2026-03-04T07:00:00.000Z' },
    { now: '2026-03-03T07:00:00.500Z', previous: '2026-03-03T07:00:00.000Z', next: '2026-03-04T07:00:00.000Z' },
    { now: '2026-03-07T12:00:00.000Z', previous: '2026-03-06T07:00:00.000Z', next: '2026-03-09T07:00:00.000Z' },
    { now: '2026-03-28T12:00:00.000Z', previous: '2026-03-27T07:00:00.000Z', next: '2026-03-30T06:00:00.000Z' },
  ])('at $now: previous $previous, next $next', ({ now, previous, next }) => {
    expect(previousFire('0 8 * * 1-5', 'Europe/Paris', new Date(now))?.toISOString()).toBe(previous);
    expect(nextFire('0 8 * * 1-5', 'Europe/Paris', new Date(now))?.toISOString()).toBe(next);
  });

  it.each([
    { cron: '0 8 * * 1-5', problem: undefined },
    { cron: '*/30 7-19 * * *', problem: undefined },
    { cron: '0 8 * *', problem: 'expected 5 fields (minute hour day-of-month month day-of-week), e.g. "0 8 * * 1-5"; found 4' },
    { cron: '0 0 8 * * 1-5', problem: 'expected 5 fields (minute hour day-of-month month day-of-week), e.g. "0 8 * * 1-5"; found 6' },
    { cron: '0 8 * * 9', problem: 'Invalid value for dayOfWeek: 9' },
  ])('checkDigestCron($cron)', ({ cron, problem }) => {
    expect(checkDigestCron(cron)).toBe(problem);
  });
});

describe('planning a match for a digest destination', () => {
  const watch: WatchConfig = { name: 'cloud', rule: ['Huawei'], sources: ['a'], to: ['discord', 'slack'], digests: { slack: '0 8 * * 1-5' } };
  it('collects it for the digest destination and enqueues it for the other', () => {
    const planned = planDeliveries('a', [{ watch: 'cloud', terms: ['Huawei'] }] as never, { watches: new Map([['cloud', { watch, sources: new Set(['a']) }]]) });
    expect(planned).toEqual([
      { destination: 'discord', watch: 'cloud', terms: ['Huawei'] },
      { destination: 'slack', watch: 'cloud', terms: ['Huawei'], digest: true },
    ]);
    expect(digestSchedules([watch])).toEqual([{ watch: 'cloud', destination: 'slack', cron: '0 8 * * 1-5' }]);
  });
});
