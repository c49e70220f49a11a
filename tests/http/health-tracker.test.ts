import { describe, expect, it } from 'vitest';
import { createHealthTracker } from '../../src/http/health-tracker.js';
import { createTestClock } from '../helpers/test-clock.js';

describe('health tracker', () => {
  it('records cycle starts, progress and finishes as they happen', () => {
    const clock = createTestClock('2026-11-23T12:00:00.000Z');
    const tracker = createHealthTracker(clock);
    const at = (iso: string) => new Date(iso);
    expect(tracker.snapshot()).toEqual({ since: at('2026-11-23T12:00:00.000Z'), lastActivityAt: at('2026-11-23T12:00:00.000Z'), stopping: false });

    clock.advance(1_000);
    tracker.observer.cycleStarted(clock.now());
    clock.advance(2_000);
    tracker.observer.sourceFinished('A', { status: 'not-modified' }, 10);
    clock.advance(3_000);
    tracker.observer.deliveryAttempted('console', 'delivered');
    expect(tracker.snapshot()).toEqual({
      since: at('2026-11-23T12:00:00.000Z'),
      lastActivityAt: at('2026-11-23T12:00:06.000Z'),
      lastCycleStartedAt: at('2026-11-23T12:00:01.000Z'),
      stopping: false,
    });

    clock.advance(4_000);
    tracker.observer.cycleFinished({} as never);
    tracker.stopping();
    expect(tracker.snapshot()).toEqual({
      since: at('2026-11-23T12:00:00.000Z'),
      lastActivityAt: at('2026-11-23T12:00:10.000Z'),
      lastCycleStartedAt: at('2026-11-23T12:00:01.000Z'),
      lastCycleFinishedAt: at('2026-11-23T12:00:10.000Z'),
      stopping: true,
    });
  });
});
