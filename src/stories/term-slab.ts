/**
 * The window entries' terms, `[id, weight, id, weight...]`, one run per entry in a single buffer
 * of 32-bit slots used as a ring (an id read through `ids`, the weight after it through `weights`:
 * two views of one buffer; a weight is a sum of powers of two, exact in 32 bits), in the order the entries were added. Entries leave in that order too
 * (eviction drops the oldest): `head` moves past a released run, `append` writes at `tail`, and
 * when the end of the array is reached the next run starts again at 0 if the oldest run has left
 * room there (a run is never split), else the live runs move into a larger array.
 * No typed array per entry: nothing for the garbage collector to track per entry.
 */
export interface TermSlab {
  /** The slots as integers (the ids, at a run's even offsets; moving runs copies them through this view, bits as they are). */
  ids: Int32Array;
  /** The same slots as 32-bit floats (the weights, at a run's odd offsets). */
  weights: Float32Array;
  /** Start of the oldest live run. */
  head: number;
  /** End of the newest live run. */
  tail: number;
  /** Where the runs before the wrap end, when the newest runs start again at 0 (`tail <= head`); -1 if they do not. */
  wrapEnd: number;
}

/** Where a run lives in the slab (`start` changes when the runs move to a larger array). */
export interface TermRun {
  start: number;
  readonly length: number;
}

export function createTermSlab(capacity = 1 << 16): TermSlab {
  const buffer = new ArrayBuffer(4 * capacity);
  return { ids: new Int32Array(buffer), weights: new Float32Array(buffer), head: 0, tail: 0, wrapEnd: -1 };
}

/**
 * Room for a run of `length` numbers after the newest: returns its start. `runs` are the live
 * runs, oldest first (their starts change if they move).
 */
export function appendRun(slab: TermSlab, length: number, runs: Iterable<TermRun>): number {
  if (slab.wrapEnd < 0) {
    if (slab.tail + length <= slab.ids.length) return take(slab, slab.tail, length);
    // Strictly below the head: `tail === head` would read as an empty ring.
    if (length < slab.head) {
      slab.wrapEnd = slab.tail;
      return take(slab, 0, length);
    }
  } else if (slab.tail + length < slab.head) return take(slab, slab.tail, length);
  grow(slab, length, runs);
  return take(slab, slab.tail, length);
}

function take(slab: TermSlab, start: number, length: number): number {
  slab.tail = start + length;
  return start;
}

/** Moves the live runs, in order, to the start of a larger array. */
function grow(slab: TermSlab, length: number, runs: Iterable<TermRun>): void {
  const live = slab.wrapEnd < 0 ? slab.tail - slab.head : slab.wrapEnd - slab.head + slab.tail;
  let capacity = slab.ids.length;
  while (capacity < live + length) capacity = Math.ceil(capacity * 1.5);
  const buffer = new ArrayBuffer(4 * capacity);
  const ids = new Int32Array(buffer);
  let position = 0;
  for (const run of runs) {
    ids.set(slab.ids.subarray(run.start, run.start + run.length), position);
    run.start = position;
    position += run.length;
  }
  slab.ids = ids;
  slab.weights = new Float32Array(buffer);
  slab.head = 0;
  slab.tail = position;
  slab.wrapEnd = -1;
}

/** Releases the oldest live run (which ends at `end`). */
export function releaseRun(slab: TermSlab, end: number): void {
  slab.head = end;
  if (slab.head === slab.wrapEnd) {
    slab.head = 0;
    slab.wrapEnd = -1;
  }
  if (slab.head === slab.tail && slab.wrapEnd < 0) {
    slab.head = 0;
    slab.tail = 0;
  }
}
