import type { StateSizePoint, StateSizeResult } from '../cases/case-types.js';
import type { StateSizeAnalysis } from './bench-results.js';

function fit(xs: readonly number[], ys: readonly number[]): { slope: number; r2: number } {
  const n = xs.length;
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] ?? 0) - mx;
    const dy = (ys[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, r2: sxx === 0 || syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

const tail = (points: readonly StateSizePoint[]) => points.slice(Math.floor(points.length / 2));

export function analyzeStateSize(
  unbounded: StateSizeResult,
  bounded: StateSizeResult,
  shape: { sources: number; itemsPerFeed: number; newItems: number; intervalMs: number },
): StateSizeAnalysis {
  // Skip the seeding point: its first pages hold the schema and the sources table.
  const grown = unbounded.points.slice(1);
  const linear = fit(grown.map((point) => point.itemsSeen), grown.map((point) => point.liveBytes));
  const cyclesKept = Math.ceil(bounded.retentionMs / shape.intervalMs) + 1;
  const boundRows = shape.sources * (shape.itemsPerFeed + shape.newItems * cyclesKept);
  const slopeOf = (points: readonly StateSizePoint[]) => fit(points.map((point) => point.cycle), points.map((point) => point.liveBytes)).slope;
  return {
    bytesPerItem: linear.slope,
    linearR2: linear.r2,
    boundRows,
    boundedMaxRows: Math.max(...bounded.points.map((point) => point.seenItems)),
    unboundedTailSlope: slopeOf(tail(unbounded.points)),
    boundedTailSlope: slopeOf(tail(bounded.points)),
  };
}
