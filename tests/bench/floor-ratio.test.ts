import { describe, expect, it } from 'vitest';
import type { CycleCaseResult, FloorResult } from '../../bench/cases/case-types.js';
import type { CycleRow } from '../../bench/report/bench-results.js';
import { floorRatio } from '../../bench/report/targets.js';
import { pairedRatios } from '../../bench/run-cycle-cases.js';
import type { Measurement } from '../../bench/support/measure.js';
import type { RoundSample } from '../../bench/support/measure-rounds.js';

const gc = { major: 0, minor: 0, incremental: 0, pauseMs: 0 };
const measurement = (cpuMs: number): Measurement => ({
  wallMs: cpuMs,
  cpuMs,
  userMs: cpuMs,
  systemMs: 0,
  peakRssMiB: 100,
  phasePeakRssMiB: 100,
  phasePeakHeapMiB: 50,
  gc,
});
const samples = (...cpu: number[]): RoundSample[] => cpu.map((cpuMs) => ({ wallMs: cpuMs, cpuMs, gc, peakRssMiB: 100, peakHeapMiB: 50 }));

function row(cpuMs: number, measured?: number[], tookTurnsWithFloor = true): CycleRow {
  const veille = { measurement: measurement(cpuMs), ...(measured === undefined ? {} : { rounds: { warmup: samples(99), measured: samples(...measured) } }) } as unknown as CycleCaseResult;
  return { sources: 100, mix: 'changed', label: 'all changed', pauseMs: 0, veille, tookTurnsWithFloor };
}
const floor = (cpuMs: number, measured: number[] = []): FloorResult => ({
  measurement: measurement(cpuMs),
  rounds: { warmup: [], measured: samples(...measured) },
  documents: 100,
  items: 5000,
  bodyBytes: 1,
});

describe('pairedRatios: veille / floor CPU of the rounds that ran side by side', () => {
  it.each([
    [samples(12, 10, 15), samples(10, 10, 10), [1.2, 1, 1.5]],
    [samples(9), samples(6), [1.5]],
  ])('%j / %j → %j', (veille, floorSamples, expected) => {
    expect(pairedRatios({ warmup: samples(99), measured: veille }, { warmup: samples(1), measured: floorSamples })).toEqual(expected);
  });
});

describe('floorRatio', () => {
  it.each([
    ['total CPU of the rounds that took turns', row(1000, [10, 30, 20]), floor(500, [10, 20, 10]), 60 / 40],
    ['one measured round each', row(1000, [13]), floor(500, [10]), 1.3],
    ['ratio of the medians when they did not take turns', row(1300, [10, 30, 20], false), floor(1000, [10, 20, 10]), 1.3],
    ['ratio of the medians when the counts differ', row(1200, [10, 30]), floor(1000, [10, 20, 10]), 1.2],
    ['ratio of the medians without rounds', row(1100), floor(1000), 1.1],
  ])('%s', (_name, cycles, floorResult, expected) => {
    expect(floorRatio(cycles, floorResult)).toBeCloseTo(expected, 10);
  });

  it('is undefined without a floor', () => {
    expect(floorRatio(row(1000, [10]), undefined)).toBeUndefined();
  });
});
