import { canonicalIsoTime } from './iso-time.js';
import { MAX_COUNT_PERIODS, type SourceRead } from './store.js';

const OUTCOMES: ReadonlySet<string> = new Set(['read', 'not-modified', 'unchanged', 'failed']);

/**
 * The bounds of `Store.countNewItems` in canonical form, or what is wrong with them (both engines
 * check the same way).
 */
export function checkPeriodBounds(bounds: readonly string[]): string[] | { readonly invalid: string } {
  if (bounds.length > MAX_COUNT_PERIODS + 1) return { invalid: `at most ${MAX_COUNT_PERIODS + 1} bounds, got ${bounds.length}` };
  const canonical: string[] = [];
  for (const [index, bound] of bounds.entries()) {
    const time = canonicalIsoTime(bound);
    if (time === undefined) return { invalid: `bounds[${index}] is not an ISO 8601 time with an offset: ${JSON.stringify(bound)}` };
    const previous = canonical.at(-1);
    if (previous !== undefined && time <= previous) return { invalid: `bounds must ascend: bounds[${index}] ${time} is not after ${previous}` };
    canonical.push(time);
  }
  return canonical;
}

/** A read as `Store.recordSourceRead` stores it (time canonical, whole milliseconds), or what is wrong with it. */
export function checkSourceRead(read: SourceRead): SourceRead | { readonly invalid: string } {
  const at = canonicalIsoTime(read.at);
  if (at === undefined) return { invalid: `at is not an ISO 8601 time with an offset: ${JSON.stringify(read.at)}` };
  if (!Number.isFinite(read.durationMs) || read.durationMs < 0) return { invalid: `durationMs must be a non-negative number, got ${read.durationMs}` };
  if (!OUTCOMES.has(read.outcome)) return { invalid: `outcome must be one of ${[...OUTCOMES].join(', ')}, got ${JSON.stringify(read.outcome)}` };
  return { source: read.source, at, durationMs: Math.round(read.durationMs), outcome: read.outcome };
}
