import { describe, expect, it } from 'vitest';
import { appendRun, createTermSlab, releaseRun, type TermRun } from '../../src/stories/term-slab.js';

interface Run extends TermRun {
  readonly values: readonly number[];
}

/** Appends and releases runs first in, first out, and checks every live run still reads its own numbers. */
function exercise(lengths: readonly number[], keep: number, capacity: number): { readonly capacity: number; readonly live: number } {
  const slab = createTermSlab(capacity);
  const live: Run[] = [];
  let next = 0;
  for (const length of lengths) {
    const values = Array.from({ length }, () => (next += 1));
    const start = appendRun(slab, length, live);
    for (let offset = 0; offset < length; offset += 1) slab.data[start + offset] = values[offset] as number;
    live.push({ start, length, values });
    while (live.length > keep) {
      const oldest = live.shift() as Run;
      releaseRun(slab, oldest.start + oldest.length);
    }
    for (const run of live) expect(Array.from(slab.data.subarray(run.start, run.start + run.length))).toEqual(run.values);
  }
  return { capacity: slab.data.length, live: live.length };
}

describe('term slab', () => {
  it('keeps runs of several lengths intact through wraps and growth', () => {
    const lengths = Array.from({ length: 400 }, (_, index) => (index * 7) % 13);
    expect(exercise(lengths, 5, 16)).toEqual({ capacity: 54, live: 5 });
  });

  it('wraps to the start once the oldest runs have left, without growing', () => {
    expect(exercise(Array.from({ length: 100 }, () => 4), 3, 16)).toEqual({ capacity: 16, live: 3 });
  });

  it('grows by half when the live runs fill it', () => {
    expect(exercise(Array.from({ length: 10 }, () => 4), 10, 16)).toEqual({ capacity: 54, live: 10 });
  });

  it('empties back to the start when every run has left', () => {
    const slab = createTermSlab(8);
    const run = { start: appendRun(slab, 6, []), length: 6 };
    releaseRun(slab, run.start + run.length);
    expect(appendRun(slab, 8, [])).toBe(0);
    expect(slab.data.length).toBe(8);
  });
});
