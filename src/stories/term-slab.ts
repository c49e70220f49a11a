/**
 * The window entries' terms, `[id, weight, id, weight...]`, one run per entry in a single typed
 * array, in the order the entries were added. Entries leave in that order too (eviction drops the
 * oldest), so the live runs are one block: `head` moves past a released run, `append` writes at
 * `tail`, and the block moves back to the start (or into a larger array) when the end is reached.
 * No typed array per entry: nothing for the garbage collector to track, fewer bytes per entry.
 */
export interface TermSlab {
  data: Float64Array;
  /** Start of the oldest live run. */
  head: number;
  /** End of the newest live run. */
  tail: number;
}

/** Where a run lives in the slab (`start` changes when the block moves). */
export interface TermRun {
  start: number;
  readonly length: number;
}

export function createTermSlab(capacity = 1 << 16): TermSlab {
  return { data: new Float64Array(capacity), head: 0, tail: 0 };
}

/**
 * Room for a run of `length` numbers at the tail: returns its start. `runs` are the live runs,
 * oldest first (their starts are moved with the block).
 */
export function appendRun(slab: TermSlab, length: number, runs: Iterable<TermRun>): number {
  if (slab.tail + length > slab.data.length) {
    const live = slab.tail - slab.head;
    let capacity = slab.data.length;
    // Keep at most half of the array in use after the move, so that moves stay rare.
    while (2 * (live + length) > capacity) capacity *= 2;
    const data = capacity === slab.data.length ? slab.data : new Float64Array(capacity);
    if (data === slab.data) data.copyWithin(0, slab.head, slab.tail);
    else data.set(slab.data.subarray(slab.head, slab.tail));
    for (const run of runs) run.start -= slab.head;
    slab.data = data;
    slab.tail = live;
    slab.head = 0;
  }
  const start = slab.tail;
  slab.tail += length;
  return start;
}

/** Releases the oldest live run (which ends at `end`). */
export function releaseRun(slab: TermSlab, end: number): void {
  slab.head = end;
  if (slab.head === slab.tail) {
    slab.head = 0;
    slab.tail = 0;
  }
}
