import { analyzeItem, type FigureMention, type FreshAnalysis, type ItemAnalysis, type NameMention, type StringSet } from './analyze-item.js';
import { createWordShapes } from './word-shapes.js';
import {
  ConflictChecker,
  EVIDENCE_SECTION,
  factsLength,
  forEachTitleKey,
  KNOWN_SECTION,
  sectionLength,
  sectionStart,
  STEMS_SECTION,
  writeFacts,
  type Section,
} from './entry-facts.js';
import { compareItems, explainComparison, PRIOR_ITEMS, shareEnough, STORY_THRESHOLD, type SharedTerm } from './compare-items.js';
import type { StoryExplanation } from './story-explanation.js';
import { createStemmer } from './french-words.js';
import type { StoryItem } from './story-item.js';
import { appendRun, createTermSlab, releaseRun, type TermRun, type TermSlab } from './term-slab.js';
import type { TermRef, TermTable } from './term-table.js';

export const DEFAULT_STORY_WINDOW_MS = 48 * 3_600_000;

export interface StoryIndexOptions {
  /** How far back an item can attach to a story (default 48 h). */
  readonly windowMs?: number;
  /**
   * How many spellings' word shapes the index keeps before it clears them (default 50,000): a cache,
   * whose clearing changes no answer (small in tests, to clear it often).
   */
  readonly maxWordShapes?: number;
}

export interface StoryMatch {
  readonly storyId: string;
  readonly score: number;
  /** Made when first read (by `match`: a getter; the pipeline reads the story id only), the same whenever read. */
  readonly explanation: StoryExplanation;
}

/** The nearest item of the window, whatever the decision (what `veille story` shows). */
export interface StoryCandidate extends StoryMatch {
  readonly item: StoryItem;
}

/**
 * The items of the story window, indexed by their terms.
 * - `add`: an item now in the window, as part of `storyId` (its own new story, or the one it attached to);
 * - `match`: the story an item tells, if one in the window (items added at `at - windowMs` or later) does;
 * - `evict`: forgets the items added before `before`.
 * Deterministic: the same calls in the same order give the same answers; ties go to the item added first.
 */
export interface StoryIndex {
  add(item: StoryItem, storyId: string, at: number): void;
  match(item: StoryItem, at: number): StoryMatch | undefined;
  nearest(item: StoryItem, at: number): StoryCandidate | undefined;
  evict(before: number): number;
  readonly size: number;
}

/**
 * A window entry: its item's analysis without its terms map (rebuilt from the run when explained),
 * on the entry itself (one object: a candidate's decision reads no other object to reach it).
 */
interface Entry extends TermRun, WindowAnalysis {
  readonly seq: number;
  readonly item: StoryItem;
  readonly storyId: string;
  readonly at: number;
  /**
   * The item's terms (their ids, see `Terms`), in the order of the analysis, with their weights (no
   * lookups to score it): `[id, weight, id, weight...]` at `start` (`length` 32-bit slots) in the
   * window's term slab (outside the heap the garbage collector copies and marks).
   */
  start: number;
  readonly length: number;
  /** Its run in the window's facts slab (what a match's conflict check reads: see `entry-facts.ts`). */
  readonly facts: TermRun;
}

/**
 * The window's terms, each by an integer id while an entry has it (an id is reused once its last
 * entry is evicted): its posting, and in typed arrays by id (dense, no object to read) its
 * document frequency (the live entries of its posting), the stamp of the match whose new item
 * has it, with that item's weight, and where its posting's live pairs are.
 *
 * A posting: the entries that have the term, in the order added, as `[seq, 2 × weight...]` (a
 * weight is a multiple of one half: twice it is an integer) in an `Int32Array`. Eviction drops
 * the oldest entries, which are at the front: the head moves past them, and the live pairs move
 * back to the start once half of the array is dead (in place). A freed id keeps its array for
 * the next term that takes the id, if small.
 */
interface Terms {
  /** The term of each id (its `TermRef.id` is the id: no map from names to ids). */
  readonly names: (TermRef | undefined)[];
  readonly postings: (Int32Array | undefined)[];
  readonly free: number[];
  /**
   * `[frequency, mark, head, end]` by id (`STATE * id` and the next three): one memory line to
   * read per term; `head` and `end` bound the live pairs of its posting (`end` -1: the term keeps
   * no posting, see `POSTING_DROPPED_ABOVE`).
   */
  state: Int32Array;
  markedWeight: Float64Array;
  /**
   * By id, how many window entries keep the term in their stems, known names, title evidence or
   * title names' keys (their facts runs: `WindowTerms`, `entry-facts.ts`): a term is dropped once
   * no entry has it in its posting nor in these.
   */
  kept: Int32Array;
}

/** What a window entry keeps of its analysis: its stems, known names and title evidence by term id. */
interface WindowAnalysis extends Omit<ItemAnalysis, 'terms'> {
  readonly stems: WindowTerms;
  readonly known: WindowTerms;
  readonly titleEvidence: WindowTerms;
}

/** What the window's sets of one kind read their ids with. */
interface WindowTermsContext {
  readonly table: TermTable;
  readonly names: readonly (TermRef | undefined)[];
  /** The slab of the entries' facts runs, and which set of a run. */
  readonly slab: TermSlab;
  readonly section: Section;
  /** Before a value in its term's name: `@` for a known name's key, else nothing. */
  readonly prefix: string;
}

/**
 * Strings of a window entry (its stems, known names or title evidence) as the ids of their terms,
 * in the order met, read in the entry's facts run (`entry-facts.ts`; a view made when asked: no
 * array or object per entry and set): looked up as an integer, without reading a string. The
 * terms stay in the window (and keep their ids) while an entry keeps them (`Terms.kept`).
 */
class WindowTerms implements StringSet {
  constructor(
    private readonly run: TermRun,
    private readonly context: WindowTermsContext,
  ) {}

  has(value: string): boolean {
    const term = this.context.table.byName.get(this.context.prefix === '' ? value : `${this.context.prefix}${value}`);
    return term !== undefined && term.id >= 0 && this.includes(term.id);
  }

  hasTerm(term: TermRef, value: string): boolean {
    // A term of the window's table (not pruned) is the one its name leads to: its id, if any, is the window's.
    if (term.table === this.context.table) return term.id >= 0 && this.includes(term.id);
    return this.has(value);
  }

  sharesWith(other: StringSet): boolean {
    const { names, prefix, slab, section } = this.context;
    const from = sectionStart(slab.ids, this.run.start, section);
    const to = from + sectionLength(slab.ids, this.run.start, section);
    for (let at = from; at < to; at += 1) {
      const term = names[slab.ids[at] as number] as TermRef;
      if (other.hasTerm(term, prefix === '' ? term.name : term.name.slice(prefix.length))) return true;
    }
    return false;
  }

  *[Symbol.iterator](): Iterator<string> {
    const { names, prefix, slab, section } = this.context;
    const from = sectionStart(slab.ids, this.run.start, section);
    const to = from + sectionLength(slab.ids, this.run.start, section);
    for (let at = from; at < to; at += 1) yield (names[slab.ids[at] as number] as TermRef).name.slice(prefix.length);
  }

  private includes(id: number): boolean {
    const { slab, section } = this.context;
    const slots = slab.ids;
    const from = sectionStart(slots, this.run.start, section);
    const to = from + sectionLength(slots, this.run.start, section);
    for (let at = from; at < to; at += 1) if (slots[at] === id) return true;
    return false;
  }
}

/**
 * A set of strings as the explanation of a match reads it: the term objects of a window entry's
 * set, copied when the match was found (`copySets`: its facts run may be released and written
 * again before the explanation is read), read as strings only when explained (the pipeline never
 * asks). A term object keeps its name whatever the window becomes.
 */
class CopiedSet implements StringSet {
  constructor(
    /** The entry's sets' terms, one after the other; this set's are `from` to `to`. */
    private readonly terms: readonly TermRef[],
    private readonly from: number,
    private readonly to: number,
    /** Before a value in its term's name: `@` for a known name's key, else nothing. */
    private readonly prefix: string,
  ) {}

  has(value: string): boolean {
    const name = this.prefix === '' ? value : `${this.prefix}${value}`;
    for (let at = this.from; at < this.to; at += 1) if ((this.terms[at] as TermRef).name === name) return true;
    return false;
  }

  hasTerm(_term: TermRef, value: string): boolean {
    return this.has(value);
  }

  sharesWith(other: StringSet): boolean {
    for (const value of this) if (other.has(value)) return true;
    return false;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let at = this.from; at < this.to; at += 1) yield (this.terms[at] as TermRef).name.slice(this.prefix.length);
  }
}

/** The contexts of the window's sets of each kind. */
interface WindowContexts {
  readonly stems: WindowTermsContext;
  readonly known: WindowTermsContext;
  readonly titleEvidence: WindowTermsContext;
}

/** A window entry (see `Entry`): its sets are views of its facts run, made when read (a candidate's decision, an explanation). */
class WindowEntry implements Entry {
  constructor(
    readonly seq: number,
    readonly item: StoryItem,
    readonly storyId: string,
    readonly at: number,
    readonly names: readonly NameMention[],
    readonly figures: readonly FigureMention[],
    public start: number,
    readonly length: number,
    readonly facts: TermRun,
    private readonly contexts: WindowContexts,
  ) {}

  get stems(): WindowTerms {
    return new WindowTerms(this.facts, this.contexts.stems);
  }

  get known(): WindowTerms {
    return new WindowTerms(this.facts, this.contexts.known);
  }

  get titleEvidence(): WindowTerms {
    return new WindowTerms(this.facts, this.contexts.titleEvidence);
  }
}

/** Numbers per term id in `Terms.state`. */
const STATE = 4;
/** A new posting's room, in numbers (pairs of seq and weight). */
const POSTING_START = 8;
/** A freed id keeps its posting's array for its next term up to this size. */
const POSTING_KEPT = 64;

function createTerms(): Terms {
  return { names: [], postings: [], free: [], state: new Int32Array(STATE * 1024), markedWeight: new Float64Array(1024), kept: new Int32Array(1024) };
}

/** Appends `[seq, doubled]` to the posting of term `id`: moves its live pairs back to the start, or to a larger array, when full. */
function pushPosting(terms: Terms, id: number, seq: number, doubled: number): void {
  const { state } = terms;
  let pairs = terms.postings[id] as Int32Array;
  let head = state[STATE * id + 2] as number;
  let end = state[STATE * id + 3] as number;
  if (end + 2 > pairs.length) {
    if (head * 2 >= end && head > 0) pairs.copyWithin(0, head, end);
    else {
      const grown = new Int32Array(pairs.length * 2);
      grown.set(pairs.subarray(head, end));
      pairs = grown;
      terms.postings[id] = grown;
    }
    end -= head;
    head = 0;
    state[STATE * id + 2] = 0;
  }
  pairs[end] = seq;
  pairs[end + 1] = doubled;
  state[STATE * id + 3] = end + 2;
}

/** The id of a new term (its posting starts empty). */
function newTerm(terms: Terms, term: TermRef): number {
  let id = terms.free.pop();
  if (id === undefined) {
    id = terms.names.length;
    terms.names.push(undefined);
    terms.postings.push(new Int32Array(POSTING_START));
    if (id >= terms.markedWeight.length) {
      const capacity = terms.markedWeight.length * 2;
      const state = new Int32Array(STATE * capacity);
      state.set(terms.state);
      const markedWeight = new Float64Array(capacity);
      markedWeight.set(terms.markedWeight);
      const kept = new Int32Array(capacity);
      kept.set(terms.kept);
      terms.state = state;
      terms.markedWeight = markedWeight;
      terms.kept = kept;
    }
  }
  term.id = id;
  terms.names[id] = term;
  terms.state[STATE * id] = 0;
  terms.state[STATE * id + 1] = 0;
  terms.state[STATE * id + 2] = 0;
  terms.state[STATE * id + 3] = 0;
  terms.markedWeight[id] = 0;
  terms.kept[id] = 0;
  return id;
}

/** Term `id` keeps no posting from now on (see `POSTING_DROPPED_ABOVE`). */
function dropPosting(terms: Terms, id: number): void {
  if ((terms.postings[id] as Int32Array).length > POSTING_KEPT) terms.postings[id] = new Int32Array(POSTING_START);
  terms.state[STATE * id + 2] = 0;
  terms.state[STATE * id + 3] = -1;
}

function dropTerm(terms: Terms, id: number): void {
  const term = terms.names[id];
  if (term !== undefined) term.id = -1;
  terms.names[id] = undefined;
  if ((terms.postings[id] as Int32Array).length > POSTING_KEPT) terms.postings[id] = new Int32Array(POSTING_START);
  terms.state[STATE * id + 1] = 0;
  terms.state[STATE * id + 2] = 0;
  terms.state[STATE * id + 3] = 0;
  terms.free.push(id);
}

/** Rarest terms of the new item whose postings are read to find candidates. */
const PROBE_TERMS = 12;
/** Candidates (by partial score over the probed terms) fully compared. */
const COMPARED = 8;
/**
 * Terms in more items of the window than this are not probed: too common to find a story by
 * (their IDF is low), and reading their postings would cost the most. They still count in the score.
 */
const MAX_PROBED_POSTINGS = 200;
/**
 * A term in more items of the window than this keeps no posting (its frequency is still counted;
 * `Terms.state`'s `end` is -1): it is never probed (`MAX_PROBED_POSTINGS`), and appending to its
 * long posting was a cache miss per term of every item added. Its posting is rebuilt from the
 * live entries' runs once the term is down to `POSTING_REBUILT_AT` items (above the probed ones,
 * and apart from this bound: a term near it is not dropped and rebuilt over and over).
 */
const POSTING_DROPPED_ABOVE = 800;
const POSTING_REBUILT_AT = 400;

export function createStoryIndex(options: StoryIndexOptions = {}): StoryIndex {
  const windowMs = options.windowMs ?? DEFAULT_STORY_WINDOW_MS;
  const stemmer = createStemmer();
  const shapes = createWordShapes(options.maxWordShapes);
  /**
   * The live entries are the seqs from `oldest` to `nextSeq` (excluded), in the order added (which
   * is the order of `at` in the pipeline), reached through `ring`: eviction drops the oldest.
   */
  let oldest = 0;
  /** Term → its id, posting (the entries that have it, and their weight for it, in the order added) and frequency. */
  const terms = createTerms();
  /** The entries' runs of `[id, weight...]`, in the order added. */
  const slab = createTermSlab();
  /** The entries' facts runs (`entry-facts.ts`), in the order added. */
  const factsSlab = createTermSlab(1 << 15);
  const checker = new ConflictChecker();
  let nextSeq = 0;
  /** The live entries, oldest first (what the slab moves when it grows). */
  const liveEntries: Iterable<Entry> = {
    *[Symbol.iterator]() {
      for (let seq = oldest; seq < nextSeq; seq += 1) yield ring[seq & atMask] as Entry;
    },
  };
  /** The live entries' facts runs, oldest first (what the facts slab moves when it grows). */
  const liveFacts: Iterable<TermRun> = {
    *[Symbol.iterator]() {
      for (let seq = oldest; seq < nextSeq; seq += 1) yield (ring[seq & atMask] as Entry).facts;
    },
  };
  const context = (section: Section, prefix: string): WindowTermsContext => ({ table: shapes.terms, names: terms.names, slab: factsSlab, section, prefix });
  const contexts: WindowContexts = { stems: context(STEMS_SECTION, ''), known: context(KNOWN_SECTION, '@'), titleEvidence: context(EVIDENCE_SECTION, '') };
  /** `term`, now kept by one more entry (a new term gets its id). */
  const keepTerm = (term: TermRef): void => {
    const id = term.id < 0 ? newTerm(terms, term) : term.id;
    terms.kept[id] = (terms.kept[id] as number) + 1;
  };
  /** `list`'s terms, each now kept by one more entry. */
  const keepTerms = (list: readonly TermRef[]): void => {
    for (let index = 0; index < list.length; index += 1) keepTerm(list[index] as TermRef);
  };
  /** An evicted entry no longer keeps this term: one no entry has any more is dropped. */
  const releaseTerm = (id: number): void => {
    const { kept, state } = terms;
    const count = (kept[id] as number) - 1;
    kept[id] = count;
    // No live entry in its posting (its frequency counts them).
    if (count === 0 && state[STATE * id] === 0) dropTerm(terms, id);
  };
  /** An evicted entry no longer keeps the terms of a set of its facts run at `start`. */
  /**
   * What the explanation of a match reads of its candidate `entry`: its names and figures, and its
   * sets as `CopiedSet`s, whose terms are copied in one array (its facts run has them one after the
   * other: known names, stems, title evidence), their names not read.
   */
  const explainedCandidate = (entry: Entry): Omit<ItemAnalysis, 'terms'> => {
    const slots = factsSlab.ids;
    const start = entry.facts.start;
    const from = sectionStart(slots, start, KNOWN_SECTION);
    const stemsFrom = sectionStart(slots, start, STEMS_SECTION) - from;
    const evidenceFrom = sectionStart(slots, start, EVIDENCE_SECTION) - from;
    const refs = new Array<TermRef>(evidenceFrom + sectionLength(slots, start, EVIDENCE_SECTION));
    for (let index = 0; index < refs.length; index += 1) refs[index] = terms.names[slots[from + index] as number] as TermRef;
    return {
      names: entry.names,
      figures: entry.figures,
      known: new CopiedSet(refs, 0, stemsFrom, '@'),
      stems: new CopiedSet(refs, stemsFrom, evidenceFrom, ''),
      titleEvidence: new CopiedSet(refs, evidenceFrom, refs.length, ''),
    };
  };
  const releaseSection = (start: number, section: Section): void => {
    const slots = factsSlab.ids;
    const from = sectionStart(slots, start, section);
    const to = from + sectionLength(slots, start, section);
    for (let at = from; at < to; at += 1) releaseTerm(slots[at] as number);
  };
  /** The pipeline matches an item, then adds it: the analysis is made once. */
  let last: { item: StoryItem; analysis: FreshAnalysis } | undefined;
  const analyze = (item: StoryItem): FreshAnalysis => {
    if (last?.item !== item) last = { item, analysis: analyzeItem(item, stemmer, shapes) };
    return last.analysis;
  };

  /** The posting of term `id` (which has none: `POSTING_DROPPED_ABOVE`) from the live entries' runs, in the order added. */
  const rebuildPosting = (id: number): void => {
    const frequency = terms.state[STATE * id] as number;
    let capacity = POSTING_START;
    while (capacity < 2 * frequency) capacity *= 2;
    const pairs = new Int32Array(capacity);
    let end = 0;
    const { ids, weights } = slab;
    for (let seq = oldest; seq < nextSeq; seq += 1) {
      const start = runStarts[seq & atMask] as number;
      const stop = start + (runLengths[seq & atMask] as number);
      for (let position = start; position < stop; position += 2) {
        if (ids[position] !== id) continue;
        pairs[end] = seq;
        pairs[end + 1] = 2 * (weights[position + 1] as number);
        end += 2;
        break;
      }
    }
    terms.postings[id] = pairs;
    terms.state[STATE * id + 2] = 0;
    terms.state[STATE * id + 3] = end;
  };

  /** Stamps the terms of a match's item (`Terms.mark`), so that scoring reads no map. */
  let stamp = 0;
  /**
   * Scratch of a match: partial scores by `seq & (length - 1)`, all 0 between matches (a match sets
   * back to 0 the ones it touched): one array read per posting entry, no stamps beside it. Every
   * term adds a positive amount, so a score of 0 is one not touched yet in this match.
   */
  let partialScores = new Float64Array(1024);
  /**
   * Scratch of a match: the IDF of document frequency `f` at `2f + 1`, valid where `2f` holds the
   * match's stamp: the two in one memory line (the frequencies a match meets are spread over the
   * window's size: each lookup was two cache misses in two arrays).
   */
  let idfMemo = new Float64Array(2 * 1024);
  let touchedScratch = new Int32Array(1024);
  /** When each live entry was added, by `seq & atMask` (the live seqs are consecutive): postings keep no times. */
  let addedAt = new Float64Array(1024);
  /** The live entries by `seq & atMask` (no map lookup to reach a candidate). */
  let ring = new Array<Entry | undefined>(1024).fill(undefined);
  let atMask = addedAt.length - 1;
  /** Where each live entry's run of terms is in the slab, by `seq & atMask` (scoring a candidate reads no entry object). */
  let runStarts = new Int32Array(1024);
  let runLengths = new Int32Array(1024);
  /** Where each live entry's facts run is in the facts slab, by `seq & atMask`. */
  let factStarts = new Int32Array(1024);
  /**
   * From this seq on, the entries were added in the order of their times (`at` never decreases):
   * the ones a match must skip as too old are the first of them, found by a binary search, and a
   * posting's entries past them need no time read. Before it, each entry's time is read.
   */
  let orderedFrom = 0;
  let lastAddedAt = Number.NEGATIVE_INFINITY;

  /** The window's size during the current match (see `idfOfFrequency`). */
  let idfSize = 0;
  /**
   * The IDF of a term in `frequency` items, for the current match: the window's size is the same
   * for the whole match, so a term's IDF depends on its frequency only, computed once per
   * frequency (the same call, the same number).
   */
  const idfOfFrequency = (frequency: number): number => {
    if (idfMemo[2 * frequency] !== stamp) fillIdf(frequency);
    return idfMemo[2 * frequency + 1] as number;
  };
  /**
   * Computes the IDF of `frequency` for the current match into `idfMemo`: `inverseDocumentFrequency`'s
   * expression, written out (the same operations, the same number), and no number returned (a call
   * that returns one, not inlined, allocates it).
   */
  const fillIdf = (frequency: number): void => {
    idfMemo[2 * frequency] = stamp;
    idfMemo[2 * frequency + 1] = Math.log((idfSize + PRIOR_ITEMS + 1) / (frequency + 1));
  };
  /** The IDF of a term, by its name, for the current match. */
  const idf = (term: string): number => {
    // A term of the window is in the shapes' table (it keeps the terms with an id).
    const id = shapes.terms.byName.get(term)?.id ?? -1;
    return idfOfFrequency(id < 0 ? 0 : (terms.state[STATE * id] as number));
  };

  /** Scratch of a match: its probed terms' ids, rarest first. */
  const probeScratch = new Int32Array(PROBE_TERMS);
  /** Scratch of a match: the item's weight of each probed term, beside `probeScratch`. */
  const probeWeights = new Float64Array(PROBE_TERMS);
  /** Whether term `a` is rarer in the window than `b` (ties: the name first in code-unit order). */
  const rarer = (a: number, b: number): boolean => {
    const { state } = terms;
    const fa = state[STATE * a] as number;
    const fb = state[STATE * b] as number;
    return fa < fb || (fa === fb && (terms.names[a] as TermRef).name < (terms.names[b] as TermRef).name);
  };
  /**
   * Puts term `id` (the item's `weight`) in its place among the `count` rarest in `probes` (up to
   * `PROBE_TERMS`; their weights in `probeWeights`): returns their new count.
   */
  const keepRarest = (probes: Int32Array, count: number, id: number, weight: number): number => {
    if (count === PROBE_TERMS && !rarer(id, probes[count - 1] as number)) return count;
    let position = count === PROBE_TERMS ? count - 1 : count;
    while (position > 0 && rarer(id, probes[position - 1] as number)) {
      probes[position] = probes[position - 1] as number;
      probeWeights[position] = probeWeights[position - 1] as number;
      position -= 1;
    }
    probes[position] = id;
    probeWeights[position] = weight;
    return count === PROBE_TERMS ? count : count + 1;
  };

  /**
   * The candidates of the last `rankCandidates`, best first, by rank: their seqs, scores, rounded
   * scores and products of the two norms (what `compareItems` divides by). Scratch: no object per
   * candidate.
   */
  const rankedSeqs = new Int32Array(COMPARED);
  const rankedScores = new Float64Array(COMPARED);
  const rankedRounded = new Float64Array(COMPARED);
  const rankedNorms = new Float64Array(COMPARED);

  /**
   * Stamps the item's terms for the match (`Terms.state`'s mark, `markedWeight`: what
   * `rankCandidates` and the shared terms read) and returns the root of its norm (`compareItems`'
   * sum over its terms, in their order), what `rankCandidates` multiplies the candidates' norms by.
   * Done there, once candidates are left to score: most matches have none after the conflicts
   * (58 % on the bench's workload), and this is two writes per term and an IDF (a logarithm) per
   * frequency of the item's terms.
   */
  function markItem(analysis: FreshAnalysis): number {
    const { state, markedWeight } = terms;
    const memo = idfMemo;
    let itemNorm = 0;
    const { termRefs, termWeights } = analysis;
    for (let index = 0; index < termRefs.length; index += 1) {
      const { id } = termRefs[index] as TermRef;
      const weight = termWeights[index] as number;
      const frequency = id < 0 ? 0 : (state[STATE * id] as number);
      if (memo[2 * frequency] !== stamp) fillIdf(frequency);
      const scaled = weight * (memo[2 * frequency + 1] as number);
      itemNorm += scaled * scaled;
      if (id < 0) continue;
      state[STATE * id + 1] = stamp;
      markedWeight[id] = weight;
    }
    return Math.sqrt(itemNorm);
  }

  /**
   * The candidates of `analysis`, by their partial scores over its probed terms: the `COMPARED`
   * best into `bestSeqs` (best first): returns how many. Starts the match (its stamp); the item's
   * terms are marked when candidates are left to score (`markItem`).
   */
  function candidatesOf(analysis: FreshAnalysis, at: number): number {
    const from = at - windowMs;
    const size = nextSeq - oldest;
    stamp += 1;
    idfSize = size;
    if (idfMemo.length <= 2 * size) {
      let capacity = idfMemo.length;
      while (capacity <= 2 * size) capacity *= 2;
      idfMemo = new Float64Array(capacity);
    }
    const { state } = terms;
    const memo = idfMemo;
    // The `PROBE_TERMS` rarest terms (ties: by name), rarest first, as a sort of them all would give.
    const probes = probeScratch;
    let probeCount = 0;
    const { termRefs, termWeights } = analysis;
    for (let index = 0; index < termRefs.length; index += 1) {
      const { id } = termRefs[index] as TermRef;
      if (id < 0) continue;
      const frequency = state[STATE * id] as number;
      // A term only the entries' sets keep (`Terms.kept`) is in no item's terms: not probed, as if absent.
      if (frequency !== 0 && frequency <= MAX_PROBED_POSTINGS) probeCount = keepRarest(probes, probeCount, id, termWeights[index] as number);
    }
    // Partial scores in a ring indexed by seq: the live seqs are the `nextSeq - oldest` last ones.
    if (partialScores.length < size) {
      let capacity = partialScores.length;
      while (capacity < size) capacity *= 2;
      partialScores = new Float64Array(capacity);
    }
    const mask = partialScores.length - 1;
    // The first seq of the ordered entries in the window at `from` (see `orderedFrom`).
    let low = Math.max(orderedFrom, nextSeq - size);
    let high = nextSeq;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((addedAt[middle & atMask] as number) < from) low = middle + 1;
      else high = middle;
    }
    const firstLive = low;
    const ordered = orderedFrom;
    // The seqs with a partial score, in the order first scored (a scratch array reused by every match).
    let touchedCount = 0;
    let touched = touchedScratch;
    for (let rank = 0; rank < probeCount; rank += 1) {
      const id = probes[rank] as number;
      const pairs = terms.postings[id] as Int32Array;
      const frequency = state[STATE * id] as number;
      if (memo[2 * frequency] !== stamp) fillIdf(frequency);
      const value = memo[2 * frequency + 1] as number;
      const weight = (probeWeights[rank] as number) * value ** 2;
      const end = state[STATE * id + 3] as number;
      for (let position = state[STATE * id + 2] as number; position < end; position += 2) {
        const seq = pairs[position] as number;
        if (seq < firstLive && (seq >= ordered || (addedAt[seq & atMask] as number) < from)) continue;
        const slot = seq & mask;
        const partial = partialScores[slot] as number;
        // The same sums as from a stamp and a 0 (`0 + x` first, then `partial + x`).
        partialScores[slot] = partial + weight * ((pairs[position + 1] as number) * 0.5);
        if (partial === 0) {
          if (touchedCount === touched.length) {
            const grown = new Int32Array(touched.length * 2);
            grown.set(touched);
            touched = grown;
            touchedScratch = grown;
          }
          touched[touchedCount] = seq;
          touchedCount += 1;
        }
      }
    }
    // `best` sets the scores it reads back to 0.
    return best(touched, touchedCount, partialScores, mask);
  }

  /**
   * Scores the `count` candidates `seqs` of the last `candidatesOf` as `compareItems` scores them
   * (same terms, same order of sums: the same numbers) into the `ranked` arrays, best first (ties:
   * the item added first): returns how many. The order is a total one: leaving candidates out
   * leaves the others in the same order.
   */
  function rankCandidates(analysis: FreshAnalysis, seqs: Int32Array, count: number): number {
    if (count === 0) return 0;
    const itemRoot = markItem(analysis);
    const { state, markedWeight } = terms;
    const memo = idfMemo;
    for (let rank = 0; rank < count; rank += 1) {
      const seq = seqs[rank] as number;
      // A live seq (postings hold only those) has its run in the slab: the live seqs are consecutive.
      let dot = 0;
      let candidateNorm = 0;
      const { ids: entryIds, weights: entryWeights } = slab;
      const start = runStarts[seq & atMask] as number;
      const end = start + (runLengths[seq & atMask] as number);
      for (let position = start; position < end; position += 2) {
        const id = entryIds[position] as number;
        const frequency = state[STATE * id] as number;
        if (memo[2 * frequency] !== stamp) fillIdf(frequency);
        const value = memo[2 * frequency + 1] as number;
        const scaled = (entryWeights[position + 1] as number) * value;
        candidateNorm += scaled * scaled;
        if (state[STATE * id + 1] === stamp) dot += scaled * (markedWeight[id] as number) * value;
      }
      const norms = Math.sqrt(candidateNorm) * itemRoot;
      const score = norms === 0 ? 0 : dot / norms;
      const rounded = Math.round(score * 1000) / 1000;
      // Best first (ties: the item added first), by insertion: a handful of them.
      let position = rank;
      while (position > 0 && (rounded > (rankedRounded[position - 1] as number) || (rounded === rankedRounded[position - 1] && seq < (rankedSeqs[position - 1] as number)))) {
        rankedSeqs[position] = rankedSeqs[position - 1] as number;
        rankedScores[position] = rankedScores[position - 1] as number;
        rankedRounded[position] = rankedRounded[position - 1] as number;
        rankedNorms[position] = rankedNorms[position - 1] as number;
        position -= 1;
      }
      rankedSeqs[position] = seq;
      rankedScores[position] = score;
      rankedRounded[position] = rounded;
      rankedNorms[position] = norms;
    }
    return count;
  }

  /** An entry's analysis with its terms map, in the order it had. */
  function fullAnalysis(entry: Entry): ItemAnalysis {
    const map = new Map<string, number>();
    const { ids, weights } = slab;
    const end = entry.start + entry.length;
    for (let position = entry.start; position < end; position += 2) map.set((terms.names[ids[position] as number] as TermRef).name, weights[position + 1] as number);
    const { stems, known, names, figures, titleEvidence } = entry;
    return { terms: map, stems, known, names, figures, titleEvidence };
  }

  return {
    add(item, storyId, at) {
      // `nextSeq` moves past `seq` once the entry is in the ring (`liveEntries` reads the ring up to it).
      const seq = nextSeq;
      const analysis = analyze(item);
      if (seq - oldest + 1 > addedAt.length) {
        const grown = new Float64Array(addedAt.length * 2);
        const grownRing = new Array<Entry | undefined>(grown.length).fill(undefined);
        const grownStarts = new Int32Array(grown.length);
        const grownLengths = new Int32Array(grown.length);
        const grownFacts = new Int32Array(grown.length);
        for (const entry of liveEntries) {
          grown[entry.seq & (grown.length - 1)] = entry.at;
          grownRing[entry.seq & (grown.length - 1)] = entry;
          grownStarts[entry.seq & (grown.length - 1)] = entry.start;
          grownLengths[entry.seq & (grown.length - 1)] = entry.length;
          grownFacts[entry.seq & (grown.length - 1)] = entry.facts.start;
        }
        addedAt = grown;
        ring = grownRing;
        runStarts = grownStarts;
        runLengths = grownLengths;
        factStarts = grownFacts;
        atMask = grown.length - 1;
      }
      addedAt[seq & atMask] = at;
      if (at < lastAddedAt) orderedFrom = seq;
      lastAddedAt = at;
      const { termRefs, termWeights } = analysis;
      const length = 2 * termRefs.length;
      const slabBefore = slab.ids;
      const start = appendRun(slab, length, liveEntries);
      // The live runs moved to a larger slab: their new starts.
      if (slab.ids !== slabBefore) for (const entry of liveEntries) runStarts[entry.seq & atMask] = entry.start;
      runStarts[seq & atMask] = start;
      runLengths[seq & atMask] = length;
      const { ids: entryIds, weights: entryWeights } = slab;
      for (let index = 0; index < termRefs.length; index += 1) {
        const term = termRefs[index] as TermRef;
        const weight = termWeights[index] as number;
        const id = term.id < 0 ? newTerm(terms, term) : term.id;
        const frequency = (terms.state[STATE * id] as number) + 1;
        terms.state[STATE * id] = frequency;
        if ((terms.state[STATE * id + 3] as number) >= 0) {
          if (frequency > POSTING_DROPPED_ABOVE) dropPosting(terms, id);
          else pushPosting(terms, id, seq, 2 * weight);
        }
        entryIds[start + 2 * index] = id;
        entryWeights[start + 2 * index + 1] = weight;
      }
      const { stemTerms, knownTerms, names, figures, evidenceTerms } = analysis;
      // The window keeps the sets as arrays of term ids (looked up, or iterated for a yes or no): less heap per entry.
      keepTerms(stemTerms);
      keepTerms(knownTerms);
      keepTerms(evidenceTerms);
      // The title names' key terms get an id too, kept while the facts run is in the window (the run reads them by id).
      for (const name of names) if (name.inTitle && name.keyTerm !== undefined) keepTerm(name.keyTerm);
      const factsBefore = factsSlab.ids;
      const factsSize = factsLength(analysis);
      const facts: TermRun = { start: appendRun(factsSlab, factsSize, liveFacts), length: factsSize };
      if (factsSlab.ids !== factsBefore) for (const live of liveEntries) factStarts[live.seq & atMask] = live.facts.start;
      writeFacts(factsSlab.ids, facts.start, analysis);
      factStarts[seq & atMask] = facts.start;
      const entry: Entry = new WindowEntry(seq, item, storyId, at, names, figures, start, length, facts, contexts);
      ring[seq & atMask] = entry;
      nextSeq = seq + 1;
    },
    match(item, at) {
      const analysis = analyze(item);
      const found = candidatesOf(analysis, at);
      // The conflicts first (`storyReason`'s first checks, whatever the score): they refuse most
      // candidates (about 7 of 8 on the bench's workload), which then need no full score. The
      // others keep their order (`rankCandidates`): the first of them that is one story is the
      // first of all the candidates that is.
      checker.prepare(analysis, terms.names.length);
      let count = 0;
      for (let rank = 0; rank < found; rank += 1) {
        const seq = bestSeqs[rank] as number;
        if (checker.conflicts(factsSlab.ids, factStarts[seq & atMask] as number)) continue;
        freeSeqs[count] = seq;
        count += 1;
      }
      rankCandidates(analysis, freeSeqs, count);
      const { state, markedWeight, names } = terms;
      for (let rank = 0; rank < count; rank += 1) {
        const score = rankedScores[rank] as number;
        const norms = rankedNorms[rank] as number;
        // Below the threshold, every reason is 'different-stories': no need to explain why.
        if (score < STORY_THRESHOLD) continue;
        const entry = ring[(rankedSeqs[rank] as number) & atMask] as Entry;
        // The rest of the decision (the shared terms the match stamped); the explanation for the one found.
        const shared: string[] = [];
        const { ids: entryIds, weights: entryWeights } = slab;
        const end = entry.start + entry.length;
        for (let position = entry.start; position < end; position += 2) {
          const id = entryIds[position] as number;
          if (state[STATE * id + 1] === stamp) shared.push((names[id] as TermRef).name);
        }
        if (!shareEnough(entry, analysis, shared)) continue;
        // The products of `compareItems`, in its order and its sums: the same explanation. Kept as
        // numbers beside `shared` (the same terms in the same order), paired when explained. An
        // array of numbers, not a `Float64Array`: one this long would keep its bytes outside the
        // heap (an allocation and a backing store to free per match).
        const products: number[] = [];
        for (let position = entry.start; position < end; position += 2) {
          const id = entryIds[position] as number;
          if (state[STATE * id + 1] !== stamp) continue;
          const value = idfOfFrequency(state[STATE * id] as number);
          const scaled = (entryWeights[position + 1] as number) * value;
          products.push(scaled * (markedWeight[id] as number) * value);
        }
        // No conflict, enough shared and the score at the threshold: `storyReason` says 'similar'.
        // Explained when read (the pipeline reads the story id only), from what the match found:
        // the candidate's sets are copied (an eviction may release its facts run), the item's
        // analysis answers the same once another one was made (`FreshSet`).
        const candidate = explainedCandidate(entry);
        let explained: StoryExplanation | undefined;
        // The explanation's score (`explainComparison` rounds it the same way).
        const rounded = rankedRounded[rank] as number;
        return {
          storyId: entry.storyId,
          score: rounded,
          get explanation() {
            explained ??= explainComparison(candidate, analysis, sharedTerms(shared, products), score, norms, 'similar');
            return explained;
          },
        };
      }
      return undefined;
    },
    nearest(item, at) {
      const analysis = analyze(item);
      const count = rankCandidates(analysis, bestSeqs, candidatesOf(analysis, at));
      const ranked = Array.from(rankedSeqs.subarray(0, count), (seq) => ring[seq & atMask] as Entry);
      const explained = ranked.map((entry) => ({ entry, explanation: compareItems(fullAnalysis(entry), analysis, idf) }));
      const best = explained.find((candidate) => candidate.explanation.decision === 'same-story') ?? explained[0];
      return best === undefined
        ? undefined
        : { storyId: best.entry.storyId, score: best.explanation.score, explanation: best.explanation, item: best.entry.item };
    },
    evict(before) {
      // The oldest entries first, up to the first one still in the window: an entry added a little
      // out of order stays until those before it go (`match` skips it once it is too old). Each
      // evicted entry is then the first live one of each of its postings (its terms are distinct,
      // their postings in the order added, and the entries before it left them): its pair is at the
      // head, which moves past it without reading the posting.
      let removed = 0;
      while (oldest < nextSeq) {
        const entry = ring[oldest & atMask] as Entry;
        if (entry.at >= before) break;
        oldest += 1;
        removed += 1;
        ring[entry.seq & atMask] = undefined;
        const { ids } = slab;
        const end = entry.start + entry.length;
        for (let position = entry.start; position < end; position += 2) {
          const id = ids[position] as number;
          const { state } = terms;
          const next = (state[STATE * id + 2] as number) + 2;
          const stop = state[STATE * id + 3] as number;
          const frequency = (state[STATE * id] as number) - 1;
          state[STATE * id] = frequency;
          // A term without a posting (`POSTING_DROPPED_ABOVE`) gets it back once rare enough to be probed soon.
          if (stop < 0) {
            if (frequency === POSTING_REBUILT_AT) rebuildPosting(id);
            continue;
          }
          if (next === stop) {
            if (terms.kept[id] === 0) dropTerm(terms, id);
            else {
              state[STATE * id + 2] = 0;
              state[STATE * id + 3] = 0;
            }
          } else if (next >= 64 && next * 2 >= stop) {
            (terms.postings[id] as Int32Array).copyWithin(0, next, stop);
            state[STATE * id + 2] = 0;
            state[STATE * id + 3] = stop - next;
          } else state[STATE * id + 2] = next;
        }
        releaseRun(slab, end);
        releaseSection(entry.facts.start, STEMS_SECTION);
        releaseSection(entry.facts.start, KNOWN_SECTION);
        releaseSection(entry.facts.start, EVIDENCE_SECTION);
        forEachTitleKey(factsSlab.ids, entry.facts.start, releaseTerm);
        releaseRun(factsSlab, entry.facts.start + entry.facts.length);
      }
      return removed;
    },
    get size() {
      return nextSeq - oldest;
    },
  };
}

/** The shared terms of a match's explanation, from their names and products (`compareItems`' order). */
function sharedTerms(names: readonly string[], products: readonly number[]): SharedTerm[] {
  return names.map((term, index) => ({ term, product: products[index] as number }));
}

/** The seqs `best` kept, best first, and their partial scores (scratch: matches run one at a time). */
const bestSeqs = new Int32Array(COMPARED);
/** Scratch of a match: the candidates without a conflict, in the order of `bestSeqs`. */
const freeSeqs = new Int32Array(COMPARED);
const bestScores = new Float64Array(COMPARED);

/**
 * The `COMPARED` seqs of highest partial score (ties: the item added first), best first in
 * `bestSeqs`, as a sort of all of them would give, in one pass keeping a short sorted list: returns
 * how many. Sets each score it reads back to 0 (what the next match starts from).
 */
function best(seqs: Int32Array, length: number, scores: Float64Array, mask: number): number {
  let kept = 0;
  for (let index = 0; index < length; index += 1) {
    const seq = seqs[index] as number;
    const score = scores[seq & mask] as number;
    scores[seq & mask] = 0;
    const last = kept - 1;
    if (kept === COMPARED && !(score > (bestScores[last] as number) || (score === bestScores[last] && seq < (bestSeqs[last] as number)))) continue;
    let position = kept === COMPARED ? COMPARED - 1 : kept;
    while (position > 0 && (score > (bestScores[position - 1] as number) || (score === bestScores[position - 1] && seq < (bestSeqs[position - 1] as number)))) {
      bestSeqs[position] = bestSeqs[position - 1] as number;
      bestScores[position] = bestScores[position - 1] as number;
      position -= 1;
    }
    bestSeqs[position] = seq;
    bestScores[position] = score;
    if (kept < COMPARED) kept += 1;
  }
  return kept;
}
