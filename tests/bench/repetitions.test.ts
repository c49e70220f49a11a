import { describe, expect, it } from 'vitest';
import { medianIndex, repetitionsFor } from '../../bench/plan/repetitions.js';

describe('repetitionsFor: warm-up by source reads, measured rounds capped', () => {
  it.each([
    // sources, policy, warm-up rounds, measured rounds
    [100, { warmupReads: 3000, maxMeasuredRounds: 5 }, 30, 5],
    [1000, { warmupReads: 3000, maxMeasuredRounds: 5 }, 3, 5],
    [10_000, { warmupReads: 3000, maxMeasuredRounds: 5 }, 1, 5],
    [3000, { warmupReads: 3000, maxMeasuredRounds: 5 }, 1, 5],
    [3001, { warmupReads: 3000, maxMeasuredRounds: 5 }, 1, 5],
    [100, { warmupReads: 3000, maxMeasuredRounds: 5, measuredReads: 5000 }, 30, 5],
    [1000, { warmupReads: 3000, maxMeasuredRounds: 5, measuredReads: 5000 }, 3, 5],
    [2000, { warmupReads: 3000, maxMeasuredRounds: 5, measuredReads: 5000 }, 2, 3],
    [10_000, { warmupReads: 3000, maxMeasuredRounds: 5, measuredReads: 5000 }, 1, 1],
    [10, { warmupReads: 0, maxMeasuredRounds: 1, measuredReads: 0 }, 1, 1],
    // a floor on measured rounds, whatever the reads; never above the cap
    [10_000, { warmupReads: 5000, maxMeasuredRounds: 20, measuredReads: 10_000, minMeasuredRounds: 3 }, 1, 3],
    [1000, { warmupReads: 5000, maxMeasuredRounds: 20, measuredReads: 10_000, minMeasuredRounds: 3 }, 5, 10],
    [100, { warmupReads: 5000, maxMeasuredRounds: 20, measuredReads: 10_000, minMeasuredRounds: 3 }, 50, 20],
    [10_000, { warmupReads: 5000, maxMeasuredRounds: 2, measuredReads: 10_000, minMeasuredRounds: 3 }, 1, 2],
    [10_000, { warmupReads: 5000, maxMeasuredRounds: 5, measuredReads: 10_000, minMeasuredRounds: 0 }, 1, 1],
  ])('%i sources, %j → %i + %i', (sources, policy, warmupRounds, measuredRounds) => {
    expect(repetitionsFor(sources, policy)).toEqual({ warmupRounds, measuredRounds });
  });

  it.each([0, -1, 1.5])('rejects %s sources', (sources) => {
    expect(() => repetitionsFor(sources, { warmupReads: 1, maxMeasuredRounds: 1 })).toThrow(RangeError);
  });
});

describe('medianIndex: the index of an observed middle value', () => {
  it.each([
    [[7], 0],
    [[3, 1, 2], 2],
    [[5, 1, 4, 2], 3],
    [[2, 2, 2], 1],
    [[9, 1, 8, 2, 7], 4],
  ])('%j → %i', (values, index) => {
    expect(medianIndex(values)).toBe(index);
  });

  it('rejects an empty list', () => {
    expect(() => medianIndex([])).toThrow(RangeError);
  });
});
