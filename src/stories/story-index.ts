import { analyzeItem, createWordShapes, type ItemAnalysis } from './analyze-item.js';
import { compareItems, inverseDocumentFrequency, STORY_THRESHOLD, storyReason } from './compare-items.js';
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
  readonly term: string;
  seqs: number[];
  weights: number[];
  head: number;
  /** The match that last marked this term as one of its item's (see `mark`), and the item's weight for it. */
  mark: number;
  markedWeight: number;
}

const live = (posting: Posting): number => posting.seqs.length - posting.head;

interface Entry {
  readonly seq: number;
  readonly item: StoryItem;
  readonly storyId: string;
  readonly at: number;
  /** The analysis without its terms map (rebuilt from `postings` and `weights` when explained): less heap per entry. */
  readonly analysis: Omit<ItemAnalysis, 'terms'>;
  /** The item's terms (`Posting.term`), in the order of the analysis, with their weights (no lookups to score it). */
  readonly weights: readonly number[];
  readonly postings: readonly Posting[];
}

/** An entry among the candidates, with its score (the one `compareItems` computes). */
interface Scored {
  readonly entry: Entry;
  readonly score: number;
  readonly rounded: number;
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
  const shapes = createWordShapes();
  /** Entries in the order added (which is the order of `at` in the pipeline). */
  const entries = new Map<number, Entry>();
  /** Term → the entries that have it (and their weight for it), in the order added. */
  const postings = new Map<string, Posting>();
  let nextSeq = 0;
  /** The pipeline matches an item, then adds it: the analysis is made once. */
  let last: { item: StoryItem; analysis: ItemAnalysis } | undefined;
  const analyze = (item: StoryItem): ItemAnalysis => {
    if (last?.item !== item) last = { item, analysis: analyzeItem(item, stemmer, shapes) };
    return last.analysis;
  };

  /** Stamps the postings of a match's item terms (`Posting.mark`), so that scoring reads no map. */
  let stamp = 0;
  /** Scratch of a match: partial scores by `seq & (length - 1)`, valid where `partialMarks` is the match's stamp. */
  let partialScores = new Float64Array(1024);
  let partialMarks = new Int32Array(1024);
  /** When each live entry was added, by `seq & atMask` (the live seqs are consecutive): postings keep no times. */
  /** Scratch of a match: IDF by document frequency, valid where `idfStamps` is the match's stamp. */
  let idfStamps = new Int32Array(1024);
  let idfValues = new Float64Array(1024);
  let addedAt = new Float64Array(1024);
  let atMask = addedAt.length - 1;

  /**
   * The new item's candidates: its rarest terms' postings give partial scores, the `COMPARED` best
   * are scored as `compareItems` scores them (same terms, same order of sums: the same numbers),
   * best first (ties: the item added first).
   */
  function scoredCandidates(analysis: ItemAnalysis, at: number): { scored: Scored[]; idf: (term: string) => number } {
    const from = at - windowMs;
    const size = entries.size;
    stamp += 1;
    // The window's size is the same for the whole match: a term's IDF depends on its frequency
    // only, computed once per frequency (the same call, the same number).
    if (idfStamps.length <= size) {
      let capacity = idfStamps.length;
      while (capacity <= size) capacity *= 2;
      idfStamps = new Int32Array(capacity);
      idfValues = new Float64Array(capacity);
    }
    const stamps = idfStamps;
    const values = idfValues;
    const idfOfFrequency = (frequency: number): number => {
      if (stamps[frequency] === stamp) return values[frequency] as number;
      const value = inverseDocumentFrequency(size, frequency);
      stamps[frequency] = stamp;
      values[frequency] = value;
      return value;
    };
    const postingIdf = (posting: Posting): number => idfOfFrequency(live(posting));
    const idf = (term: string): number => {
      const posting = postings.get(term);
      return posting === undefined ? idfOfFrequency(0) : postingIdf(posting);
    };
    const probes: Posting[] = [];
    const probeTerms: string[] = [];
    let itemNorm = 0;
    for (const [term, weight] of analysis.terms) {
      const posting = postings.get(term);
      const scaled = weight * (posting === undefined ? idfOfFrequency(0) : postingIdf(posting));
      itemNorm += scaled * scaled;
      if (posting === undefined) continue;
      posting.mark = stamp;
      posting.markedWeight = weight;
      if (live(posting) <= MAX_PROBED_POSTINGS) {
        probes.push(posting);
        probeTerms.push(term);
      }
    }
    const order = probes.map((_, position) => position);
    order.sort((a, b) => {
      const pa = probes[a] as Posting;
      const pb = probes[b] as Posting;
      const ta = probeTerms[a] as string;
      const tb = probeTerms[b] as string;
      return live(pa) - live(pb) || (ta < tb ? -1 : 1);
    });
    // Partial scores in a ring indexed by seq: the live seqs are the `entries.size` last ones.
    if (partialScores.length < size) {
      let capacity = partialScores.length;
      while (capacity < size) capacity *= 2;
      partialScores = new Float64Array(capacity);
      partialMarks = new Int32Array(capacity);
    }
    const mask = partialScores.length - 1;
    const touched: number[] = [];
    for (let rank = 0; rank < order.length && rank < PROBE_TERMS; rank += 1) {
      const posting = probes[order[rank] as number] as Posting;
      const value = postingIdf(posting);
      const weight = posting.markedWeight * value ** 2;
      const { seqs, weights } = posting;
      for (let position = posting.head; position < seqs.length; position += 1) {
        const seq = seqs[position] as number;
        if ((addedAt[seq & atMask] as number) < from) continue;
        const slot = seq & mask;
        if (partialMarks[slot] !== stamp) {
          partialMarks[slot] = stamp;
          partialScores[slot] = 0 + weight * (weights[position] ?? 0);
          touched.push(seq);
        } else partialScores[slot] = (partialScores[slot] as number) + weight * (weights[position] ?? 0);
      }
    }
    const itemNormRoot = Math.sqrt(itemNorm);
    const scored: Scored[] = [];
    for (const seq of best(touched, partialScores, mask, COMPARED)) {
      const entry = entries.get(seq);
      if (entry === undefined) continue;
      let dot = 0;
      let candidateNorm = 0;
      const { weights, postings: entryPostings } = entry;
      for (let position = 0; position < weights.length; position += 1) {
        const posting = entryPostings[position] as Posting;
        const value = postingIdf(posting);
        const scaled = (weights[position] as number) * value;
        candidateNorm += scaled * scaled;
        if (posting.mark === stamp) dot += scaled * posting.markedWeight * value;
      }
      const norms = Math.sqrt(candidateNorm) * itemNormRoot;
      const score = norms === 0 ? 0 : dot / norms;
      scored.push({ entry, score, rounded: Math.round(score * 1000) / 1000 });
    }
    scored.sort((a, b) => b.rounded - a.rounded || a.entry.seq - b.entry.seq);
    return { scored, idf };
  }

  return {
    add(item, storyId, at) {
      const seq = nextSeq;
      nextSeq += 1;
      const analysis = analyze(item);
      if (entries.size + 1 > addedAt.length) {
        const grown = new Float64Array(addedAt.length * 2);
        for (const entry of entries.values()) grown[entry.seq & (grown.length - 1)] = entry.at;
        addedAt = grown;
        atMask = grown.length - 1;
      }
      addedAt[seq & atMask] = at;
      const weights: number[] = [];
      const entryPostings: Posting[] = [];
      for (const [term, weight] of analysis.terms) {
        let posting = postings.get(term);
        if (posting === undefined) {
          posting = { term, seqs: [seq], weights: [weight], head: 0, mark: 0, markedWeight: 0 };
          postings.set(term, posting);
        } else {
          posting.seqs.push(seq);
          posting.weights.push(weight);
        }
        weights.push(weight);
        entryPostings.push(posting);
      }
      const { stems, known, names, figures, titleEvidence } = analysis;
      entries.set(seq, { seq, item, storyId, at, analysis: { stems, known, names, figures, titleEvidence }, weights, postings: entryPostings });
    },
    match(item, at) {
      const analysis = analyze(item);
      const { scored, idf } = scoredCandidates(analysis, at);
      for (const { entry, score } of scored) {
        // Below the threshold, every reason is 'different-stories': no need to explain why.
        if (score < STORY_THRESHOLD) continue;
        // The decision first (from the shared terms the match stamped); the explanation for the one found.
        const shared: string[] = [];
        for (const posting of entry.postings) if (posting.mark === stamp) shared.push(posting.term);
        if (storyReason(entry.analysis, analysis, shared, score) !== 'similar') continue;
        const explanation = compareItems(fullAnalysis(entry), analysis, idf);
        return { storyId: entry.storyId, score: explanation.score, explanation };
      }
      return undefined;
    },
    nearest(item, at) {
      const analysis = analyze(item);
      const { scored, idf } = scoredCandidates(analysis, at);
      const explained = scored.map(({ entry }) => ({ entry, explanation: compareItems(fullAnalysis(entry), analysis, idf) }));
      const best = explained.find((candidate) => candidate.explanation.decision === 'same-story') ?? explained[0];
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
        for (const posting of entry.postings) {
          if (posting.seqs[posting.head] !== entry.seq) continue;
          posting.head += 1;
          if (posting.head === posting.seqs.length) postings.delete(posting.term);
          else if (posting.head >= 32 && posting.head * 2 >= posting.seqs.length) {
            posting.seqs = posting.seqs.slice(posting.head);
            posting.weights = posting.weights.slice(posting.head);
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

/** An entry's analysis with its terms map, in the order it had. */
function fullAnalysis(entry: Entry): ItemAnalysis {
  const terms = new Map<string, number>();
  entry.postings.forEach((posting, position) => terms.set(posting.term, entry.weights[position] as number));
  const { stems, known, names, figures, titleEvidence } = entry.analysis;
  return { terms, stems, known, names, figures, titleEvidence };
}

/**
 * The `count` seqs of highest partial score (ties: the item added first), best first, as a sort
 * of all of them would give, in one pass keeping a short sorted list.
 */
function best(seqs: readonly number[], scores: Float64Array, mask: number, count: number): number[] {
  const kept: number[] = [];
  const keptScores: number[] = [];
  for (const seq of seqs) {
    const score = scores[seq & mask] as number;
    const last = kept.length - 1;
    if (kept.length === count && !(score > (keptScores[last] as number) || (score === keptScores[last] && seq < (kept[last] as number)))) continue;
    let position = kept.length === count ? count - 1 : kept.length;
    while (position > 0 && (score > (keptScores[position - 1] as number) || (score === keptScores[position - 1] && seq < (kept[position - 1] as number)))) position -= 1;
    if (kept.length === count) {
      kept.pop();
      keptScores.pop();
    }
    kept.splice(position, 0, seq);
    keptScores.splice(position, 0, score);
  }
  return kept;
}
