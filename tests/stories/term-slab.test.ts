import { describe, expect, it } from 'vitest';
import { FIGURE_BOOST, NAME_BOOST, PREFIX_WEIGHT, SUMMARY_WEIGHT, TITLE_WEIGHT } from '../../src/stories/analyze-item.js';
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
    for (let offset = 0; offset < length; offset += 1) slab.ids[start + offset] = values[offset] as number;
    live.push({ start, length, values });
    while (live.length > keep) {
      const oldest = live.shift() as Run;
      releaseRun(slab, oldest.start + oldest.length);
    }
    for (const run of live) expect(Array.from(slab.ids.subarray(run.start, run.start + run.length))).toEqual(run.values);
  }
  return { capacity: slab.ids.length, live: live.length };
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
    expect(slab.ids.length).toBe(8);
  });

  it('keeps ids and weights side by side through growth', () => {
    const slab = createTermSlab(4);
    const first = { start: appendRun(slab, 4, []), length: 4 };
    slab.ids[first.start] = 7;
    slab.weights[first.start + 1] = 1.5;
    slab.ids[first.start + 2] = 9;
    slab.weights[first.start + 3] = 0.75;
    appendRun(slab, 4, [first]);
    expect(slab.ids.length).toBeGreaterThanOrEqual(8);
    expect([slab.ids[first.start], slab.weights[first.start + 1], slab.ids[first.start + 2], slab.weights[first.start + 3]]).toEqual([7, 1.5, 9, 0.75]);
  });

  // The slab keeps weights in 32 bits, and the index's postings twice them as integers: every
  // weight an analysis gives must be exact there, or the scores (and so the decisions) would change.
  it.each([
    ['title word', TITLE_WEIGHT],
    ['summary word', SUMMARY_WEIGHT],
    ['title name', TITLE_WEIGHT * NAME_BOOST],
    ['summary name', SUMMARY_WEIGHT * NAME_BOOST],
    ['title prefix', TITLE_WEIGHT * PREFIX_WEIGHT],
    ['summary prefix', SUMMARY_WEIGHT * PREFIX_WEIGHT],
    ['title figure', TITLE_WEIGHT * FIGURE_BOOST],
    ['summary figure', SUMMARY_WEIGHT * FIGURE_BOOST],
  ])('keeps a %s weight exact in 32 bits, and in a posting as twice it', (_, weight) => {
    expect(Math.fround(weight)).toBe(weight);
    // Postings keep `2 × weight` in an Int32Array.
    expect(Number.isInteger(2 * weight)).toBe(true);
  });
});
