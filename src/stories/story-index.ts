import { analyzeItem, type ItemAnalysis } from './analyze-item.js';
import { compareItems, inverseDocumentFrequency } from './compare-items.js';
import type { StoryExplanation } from './story-explanation.js';
import { createStemmer } from './french-words.js';
import type { StoryItem } from './story-item.js';

export const DEFAULT_STORY_WINDOW_MS = 48 * 3_600_000;

export interface StoryIndexOptions {
  /** How far back an item can attach to a story (default 48 h). */
  readonly windowMs?: number;
}

export interface StoryMatch {
  readonly storyId: string;
  readonly score: number;
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
 * The entries that have a term, in the order added. Eviction drops the oldest entries, which are at
 * the front: `head` moves past them, and the arrays are compacted once half of them is dead.
 */
interface Posting {
  seqs: number[];
  weights: number[];
  ats: number[];
  head: number;
}

const live = (posting: Posting): number => posting.seqs.length - posting.head;

interface Entry {
  readonly seq: number;
  readonly item: StoryItem;
  readonly storyId: string;
  readonly at: number;
  readonly analysis: ItemAnalysis;
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

export function createStoryIndex(options: StoryIndexOptions = {}): StoryIndex {
  const windowMs = options.windowMs ?? DEFAULT_STORY_WINDOW_MS;
  const stemmer = createStemmer();
  /** Entries in the order added (which is the order of `at` in the pipeline). */
  const entries = new Map<number, Entry>();
  /** Term → the entries that have it (and their weight for it), in the order added. */
  const postings = new Map<string, Posting>();
  let nextSeq = 0;
  /** The pipeline matches an item, then adds it: the analysis is made once. */
  let last: { item: StoryItem; analysis: ItemAnalysis } | undefined;
  const analyze = (item: StoryItem): ItemAnalysis => {
    if (last?.item !== item) last = { item, analysis: analyzeItem(item, stemmer) };
    return last.analysis;
  };

  const idfOf = (term: string): number => {
    const posting = postings.get(term);
    return inverseDocumentFrequency(entries.size, posting === undefined ? 0 : live(posting));
  };

  function candidates(analysis: ItemAnalysis, at: number): { entry: Entry; explanation: StoryExplanation }[] {
    const from = at - windowMs;
    // One match reads a term's IDF many times (probes, then each comparison): computed once.
    const known = new Map<string, number>();
    const idf = (term: string): number => {
      let value = known.get(term);
      if (value === undefined) {
        value = idfOf(term);
        known.set(term, value);
      }
      return value;
    };
    const probes = [...analysis.terms.keys()]
      .map((term) => ({ term, posting: postings.get(term) }))
      .filter((probe): probe is { term: string; posting: Posting } => probe.posting !== undefined && live(probe.posting) <= MAX_PROBED_POSTINGS)
      .sort((a, b) => live(a.posting) - live(b.posting) || (a.term < b.term ? -1 : 1))
      .slice(0, PROBE_TERMS);
    const partial = new Map<number, number>();
    for (const { term, posting } of probes) {
      const weight = (analysis.terms.get(term) ?? 0) * idf(term) ** 2;
      const { seqs, weights, ats } = posting;
      for (let position = posting.head; position < seqs.length; position += 1) {
        if ((ats[position] ?? 0) < from) continue;
        const seq = seqs[position] as number;
        partial.set(seq, (partial.get(seq) ?? 0) + weight * (weights[position] ?? 0));
      }
    }
    return best(partial, COMPARED)
      .flatMap(([seq]) => {
        const entry = entries.get(seq);
        return entry === undefined ? [] : [{ entry, explanation: compareItems(entry.analysis, analysis, idf) }];
      })
      .sort((a, b) => b.explanation.score - a.explanation.score || a.entry.seq - b.entry.seq);
  }

  return {
    add(item, storyId, at) {
      const seq = nextSeq;
      nextSeq += 1;
      const analysis = analyze(item);
      entries.set(seq, { seq, item, storyId, at, analysis });
      for (const [term, weight] of analysis.terms) {
        const posting = postings.get(term);
        if (posting === undefined) postings.set(term, { seqs: [seq], weights: [weight], ats: [at], head: 0 });
        else {
          posting.seqs.push(seq);
          posting.weights.push(weight);
          posting.ats.push(at);
        }
      }
    },
    match(item, at) {
      const found = candidates(analyze(item), at).find((candidate) => candidate.explanation.decision === 'same-story');
      return found === undefined ? undefined : { storyId: found.entry.storyId, score: found.explanation.score, explanation: found.explanation };
    },
    nearest(item, at) {
      const analysis = analyze(item);
      const found = candidates(analysis, at);
      const best = found.find((candidate) => candidate.explanation.decision === 'same-story') ?? found[0];
      return best === undefined
        ? undefined
        : { storyId: best.entry.storyId, score: best.explanation.score, explanation: best.explanation, item: best.entry.item };
    },
    evict(before) {
      // The oldest entries first, up to the first one still in the window: an entry added a little
      // out of order stays until those before it go (`match` skips it once it is too old). Each
      // evicted entry is then the first live one of each of its postings.
      let removed = 0;
      for (const entry of entries.values()) {
        if (entry.at >= before) break;
        entries.delete(entry.seq);
        removed += 1;
        for (const term of entry.analysis.terms.keys()) {
          const posting = postings.get(term);
          if (posting === undefined || posting.seqs[posting.head] !== entry.seq) continue;
          posting.head += 1;
          if (posting.head === posting.seqs.length) postings.delete(term);
          else if (posting.head >= 32 && posting.head * 2 >= posting.seqs.length) {
            posting.seqs = posting.seqs.slice(posting.head);
            posting.weights = posting.weights.slice(posting.head);
            posting.ats = posting.ats.slice(posting.head);
            posting.head = 0;
          }
        }
      }
      return removed;
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * The `count` entries of highest partial score (ties: the item added first), best first, as a
 * sort of all of them would give, in one pass keeping a short sorted list.
 */
function best(partial: ReadonlyMap<number, number>, count: number): [number, number][] {
  const kept: [number, number][] = [];
  const before = (a: [number, number], b: [number, number]): boolean => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  for (const candidate of partial) {
    if (kept.length === count && !before(candidate, kept[count - 1] as [number, number])) continue;
    let position = kept.length === count ? count - 1 : kept.length;
    while (position > 0 && before(candidate, kept[position - 1] as [number, number])) position -= 1;
    if (kept.length === count) kept.pop();
    kept.splice(position, 0, candidate);
  }
  return kept;
}
