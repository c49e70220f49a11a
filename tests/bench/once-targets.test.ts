import { describe, expect, it } from 'vitest';
import type { OnceCaseId, OnceCaseResult, OncePair } from '../../bench/cases/once-case.js';
import type { BenchResults } from '../../bench/report/bench-results.js';
import { checkTargets } from '../../bench/report/targets.js';

const run = (cpuMs: number) => ({ cpuMs, wallMs: cpuMs, peakRssMiB: 60 });
const pair = (veille: number, floor: number): OncePair => ({ veille: run(veille), floor: run(floor), veilleFirst: true }) as unknown as OncePair;
const result = (id: OnceCaseId, veille: number, floor: number): OnceCaseResult =>
  ({ id, sources: 100, warmup: pair(veille, floor), pairs: [pair(veille, floor), pair(veille, floor)] }) as unknown as OnceCaseResult;

describe('the once targets', () => {
  it('checks seeding and 304 against 1.3x, and reports the story-window case without a target', () => {
    const results = {
      cycles: [],
      floors: [],
      once: {
        runs: 2,
        baseline: { emptyNode: [], version: [] },
        sizes: [{ sources: 100, cases: [result('seeding', 1300, 1000), result('not-modified', 140, 100), result('not-modified-window', 200, 100)] }],
      },
    } as unknown as Omit<BenchResults, 'targets'>;
    expect(checkTargets(results).map(({ target, measured, met }) => ({ target, measured, met }))).toEqual([
      { target: 'veille once, 100 sources, seeding: process CPU vs floor process', measured: '1.30x (pairs 1.30–1.30)', met: true },
      { target: 'veille once, 100 sources, every source 304: process CPU vs floor process', measured: '1.40x (pairs 1.40–1.40)', met: false },
    ]);
  });
});
