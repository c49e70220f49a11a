import type { CycleReport } from '../../src/cycle/cycle-report.js';
import type { CycleCounts } from './case-types.js';

export function cycleCounts(report: CycleReport): CycleCounts {
  const { startedAt: _startedAt, failures, ...counts } = report;
  const failureKinds: Record<string, number> = {};
  for (const failure of failures) failureKinds[failure.kind] = (failureKinds[failure.kind] ?? 0) + 1;
  return { ...counts, failureKinds };
}
