import { describe, expect, it } from 'vitest';
import { nextSourceAttempt } from '../../src/cycle/source-backoff.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const MIN = 60_000;

describe('nextSourceAttempt', () => {
  it.each([
    [1, undefined, undefined],
    [2, undefined, '2026-11-23T12:05:00.000Z'],
    [3, undefined, '2026-11-23T12:10:00.000Z'],
    [4, undefined, '2026-11-23T12:20:00.000Z'],
    [8, undefined, '2026-11-23T17:20:00.000Z'],
    [9, undefined, '2026-11-23T18:00:00.000Z'], // capped at 6 h
    [40, undefined, '2026-11-23T18:00:00.000Z'],
    [1, 30 * MIN, '2026-11-23T12:30:00.000Z'], // Retry-After is a floor
    [3, 1 * MIN, '2026-11-23T12:10:00.000Z'],
    [1, 3_000 * 86_400_000, '2026-11-24T12:00:00.000Z'], // Retry-After capped at a day
  ])('failure #%d, Retry-After %s -> %s', (failures, retryAfterMs, expected) => {
    expect(nextSourceAttempt(NOW, failures, retryAfterMs)?.toISOString()).toBe(expected);
  });
});
