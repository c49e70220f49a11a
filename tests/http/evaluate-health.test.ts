import { describe, expect, it } from 'vitest';
import { healthLimitMs, readinessCheck, schedulerCheck } from '../../src/http/evaluate-health.js';
import type { HealthSnapshot } from '../../src/http/health-tracker.js';

const T = (iso: string) => new Date(`2026-11-23T${iso}Z`);
const LIMIT = healthLimitMs(600_000); // every 10 minutes: 2 x 10 min + 1 min

const snapshot = (fields: Partial<HealthSnapshot>): HealthSnapshot => ({ since: T('12:00:00'), lastActivityAt: T('12:00:00'), stopping: false, ...fields });

describe('health limits', () => {
  it.each([
    { gapMs: 1_000, limitMs: 62_000 },
    { gapMs: 600_000, limitMs: 1_260_000 },
    { gapMs: 3 * 86_400_000, limitMs: 6 * 86_400_000 + 60_000 },
  ])('a schedule gap of $gapMs ms allows $limitMs ms', ({ gapMs, limitMs }) => {
    expect(healthLimitMs(gapMs)).toBe(limitMs);
  });
});

describe('schedulerCheck (liveness)', () => {
  it.each([
    { name: 'just started', snap: snapshot({}), now: T('12:00:01'), ok: true, reason: undefined },
    { name: 'activity exactly at the limit', snap: snapshot({ lastActivityAt: T('12:00:00') }), now: T('12:21:00'), ok: true, reason: undefined },
    { name: 'silent past the limit', snap: snapshot({ lastActivityAt: T('12:00:00') }), now: T('12:21:01'), ok: false, reason: 'no cycle activity for 1261 s' },
    { name: 'a long cycle that keeps finishing sources', snap: snapshot({ lastCycleStartedAt: T('12:00:00'), lastActivityAt: T('12:30:00') }), now: T('12:35:00'), ok: true, reason: undefined },
  ])('$name', ({ snap, now, ok, reason }) => {
    expect(schedulerCheck(snap, now, LIMIT)).toEqual({
      ok,
      detail: { status: ok ? 'ok' : 'fail', lastActivityAt: snap.lastActivityAt.toISOString(), limitSeconds: 1260, ...(reason === undefined ? {} : { reason }) },
    });
  });
});

describe('readinessCheck', () => {
  it.each([
    { name: 'before the first cycle finished', snap: snapshot({ lastCycleStartedAt: T('12:00:00') }), now: T('12:00:05'), detail: { status: 'fail', reason: 'no cycle has finished yet' } },
    {
      name: 'a recent cycle',
      snap: snapshot({ lastCycleFinishedAt: T('12:00:30') }),
      now: T('12:10:00'),
      detail: { status: 'ok', lastCycleFinishedAt: '2026-11-23T12:00:30.000Z', limitSeconds: 1260 },
    },
    {
      name: 'a stale cycle',
      snap: snapshot({ lastCycleFinishedAt: T('12:00:00') }),
      now: T('12:30:00'),
      detail: { status: 'fail', lastCycleFinishedAt: '2026-11-23T12:00:00.000Z', limitSeconds: 1260, reason: 'the last cycle finished 1800 s ago' },
    },
    { name: 'shutting down', snap: snapshot({ lastCycleFinishedAt: T('12:00:00'), stopping: true }), now: T('12:00:01'), detail: { status: 'fail', reason: 'shutting down' } },
  ])('$name', ({ snap, now, detail }) => {
    expect(readinessCheck(snap, now, LIMIT)).toEqual({ ok: detail.status === 'ok', detail });
  });
});
