import type { FloorResult } from '../cases/case-types.js';
import { hasOnceTarget, onceRatios } from '../cases/once-case.js';
import type { BenchResults, CycleRow, TargetCheck } from './bench-results.js';

const ms = (value: number) => `${value.toFixed(3)} ms`;
const x = (value: number) => `${value.toFixed(2)}x`;

/** The targets, checked against what this run measured. */
export function checkTargets(results: Omit<BenchResults, 'targets'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const cpuPerSource = (row: { sources: number; veille: { measurement: { cpuMs: number } } }) => row.veille.measurement.cpuMs / row.sources;

  for (const row of results.cycles) {
    const paced = row.pauseMs > 0 ? `, ${row.pauseMs / 1000} s pauses` : '';
    if (row.mix === 'changed') {
      const ratio = floorRatio(row, results.floors.find((entry) => entry.sources === row.sources)?.result);
      checks.push({
        target: `all changed, ${row.sources} sources: veille CPU vs floor`,
        limit: '<= 1.30x',
        measured: ratio === undefined ? 'floor not measured' : x(ratio),
        met: ratio === undefined ? undefined : ratio <= 1.3,
      });
    }
    if (row.mix === 'not-modified') {
      const value = cpuPerSource(row);
      checks.push({ target: `304, ${row.sources} sources${paced}: CPU per source`, limit: '<= 0.25 ms', measured: ms(value), met: value <= 0.25 });
    }
    if (row.mix === 'identical') {
      const value = cpuPerSource(row);
      checks.push({ target: `identical 200, ${row.sources} sources: CPU per source`, limit: '<= 0.7 ms', measured: ms(value), met: value <= 0.7 });
    }
    if (row.mix === 'realistic' && row.sources === 10_000) {
      const m = row.veille.measurement;
      checks.push({ target: 'realistic, 10,000 sources: wall', limit: '< 60 s', measured: `${(m.wallMs / 1000).toFixed(1)} s`, met: m.wallMs < 60_000 });
      checks.push({ target: 'realistic, 10,000 sources: CPU', limit: '< 15 s', measured: `${(m.cpuMs / 1000).toFixed(1)} s`, met: m.cpuMs < 15_000 });
      checks.push({ target: 'realistic, 10,000 sources: peak RSS', limit: '< 300 MiB', measured: `${m.peakRssMiB.toFixed(0)} MiB`, met: m.peakRssMiB < 300 });
    }
  }

  const rows = results.matcher?.rows ?? [];
  const three = rows.find((row) => row.variant === 'keyword list, 3 terms');
  const hundreds = rows.find((row) => row.variant === 'keyword list, 300 terms');
  if (three !== undefined && hundreds !== undefined) {
    const ratio = hundreds.microsPerItem / three.microsPerItem;
    checks.push({ target: 'matcher: cost per item, 300 terms vs 3', limit: '<= 2.00x', measured: x(ratio), met: ratio <= 2 });
  }

  if (results.stories !== undefined) {
    const { stories } = results;
    checks.push({
      target: `story matcher: new item, ${stories.window.toLocaleString('en-US')} items in the window`,
      limit: '<= 0.050 ms',
      measured: ms(stories.msPerNewItem),
      met: stories.msPerNewItem <= 0.05,
    });
  }

  for (const size of results.once?.sizes ?? []) {
    for (const result of size.cases.filter((entry) => hasOnceTarget(entry.id))) {
      const ratio = onceRatios(result);
      checks.push({
        target: `veille once, ${size.sources} sources, ${result.id === 'seeding' ? 'seeding' : 'every source 304'}: process CPU vs floor process`,
        limit: '<= 1.30x',
        measured: `${x(ratio.cpu)} (pairs ${ratio.pairMin.toFixed(2)}–${ratio.pairMax.toFixed(2)})`,
        met: ratio.cpu <= 1.3,
      });
    }
  }

  if (results.delay !== undefined) {
    const limitMs = (Number(/\*\/(\d+)/.exec(results.delay.schedule)?.[1] ?? '5') + 1) * 1000;
    checks.push({
      target: `new item to delivered (veille run, ${results.delay.schedule})`,
      limit: `<= ${limitMs / 1000} s (max of ${results.delay.samples.length})`,
      measured: `max ${(results.delay.maxMs / 1000).toFixed(2)} s, mean ${(results.delay.meanMs / 1000).toFixed(2)} s`,
      met: results.delay.maxMs <= limitMs,
    });
  }

  if (results.state !== undefined) {
    const { analysis } = results.state;
    checks.push({
      target: 'state grows linearly with items seen',
      limit: 'R² >= 0.99',
      measured: `R² ${analysis.linearR2.toFixed(4)}, ${analysis.bytesPerItem.toFixed(0)} B/item`,
      met: analysis.linearR2 >= 0.99,
    });
    const flat = analysis.boundedTailSlope <= 0.05 * analysis.unboundedTailSlope;
    checks.push({
      target: 'state bounded by retention',
      limit: `rows <= ${analysis.boundRows}, flat tail`,
      measured: `max ${analysis.boundedMaxRows} rows, tail ${analysis.boundedTailSlope.toFixed(0)} B/cycle (vs ${analysis.unboundedTailSlope.toFixed(0)} unbounded)`,
      met: analysis.boundedMaxRows <= analysis.boundRows && flat,
    });
  }
  return checks;
}

/**
 * veille / floor CPU of a cycle case. When the two took turns (the all-changed cycles), round by round, it is
 * their total CPU over the measured rounds (a long-run cost: one round with a major collection
 * and the next without weigh as they do in a daemon); otherwise the ratio of their medians.
 */
export function floorRatio(row: CycleRow, floor: FloorResult | undefined): number | undefined {
  if (floor === undefined) return undefined;
  const veilleRounds = row.veille.rounds?.measured ?? [];
  if (row.tookTurnsWithFloor === true && veilleRounds.length > 0 && veilleRounds.length === floor.rounds.measured.length) {
    return totalCpu(veilleRounds) / totalCpu(floor.rounds.measured);
  }
  return row.veille.measurement.cpuMs / floor.measurement.cpuMs;
}

const totalCpu = (samples: readonly { readonly cpuMs: number }[]): number => samples.reduce((sum, sample) => sum + sample.cpuMs, 0);
