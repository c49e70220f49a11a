import type { FigureMention, ItemAnalysis, NameMention } from './analyze-item.js';
import { PREFIX_LENGTH } from './word-shapes.js';
import type { StoryExplanation, StoryReason, WeightedTerm } from './story-explanation.js';
import type { TermRef } from './term-table.js';

/** The score at or above which two items without a conflict are one story. */
export const STORY_THRESHOLD = 0.3;
/** Two items must share at least this many words, names or figures (one common word is not a story). */
const MIN_SHARED = 2;
const SHOWN_TERMS = 12;
/** Smoothing: IDF behaves as if the window held this many more items, none with the term. */
export const PRIOR_ITEMS = 20;

/** Weight of a term found in `documentFrequency` of the `windowSize` items: rare words weigh more (written out again in the story index's `fillIdf`: change both). */
export function inverseDocumentFrequency(windowSize: number, documentFrequency: number): number {
  return Math.log((windowSize + PRIOR_ITEMS + 1) / (documentFrequency + 1));
}

/**
 * Compares an item with a candidate already in the window.
 *
 * - Score: cosine similarity of their term vectors, each weight times `idf(term)`.
 * - A names conflict vetoes: each headline names something (an organisation, a place, a product)
 *   that the other item, title and summary, never mentions: `NumSpot obtient…` vs `Cloud Temple
 *   obtient…`. A name in one headline only is an omission, not a conflict (`NumSpot décroche le
 *   visa de l'Anssi` vs `NumSpot obtient…`).
 * - A figures conflict vetoes the same way: each item has a figure the other lacks, one of them in
 *   a headline (`643 postes` vs `700 postes`; `deux régions` vs `Microsoft 365`).
 * - So does a name on one side and a figure on the other: each headline names or counts
 *   something the other item never mentions (`SecNumCloud 3.2 : ce qui change` vs `NumSpot
 *   décroche le visa SecNumCloud`).
 * - The headlines must share something beyond the organisations they name: a word (or its
 *   prefix) outside a leading rubric label (`Cloud souverain : …`), a figure, a place, the name of
 *   a thing. Who alone is not a story, nor who and the rubric.
 * - They must share at least two words, names or figures: one common word is not a story.
 */
export function compareItems(candidate: ItemAnalysis, item: ItemAnalysis, idf: (term: string) => number): StoryExplanation {
  let dot = 0;
  let candidateNorm = 0;
  let itemNorm = 0;
  const shared: SharedTerm[] = [];
  for (const [term, weight] of candidate.terms) {
    const scaled = weight * idf(term);
    candidateNorm += scaled * scaled;
    const other = item.terms.get(term);
    if (other !== undefined) {
      const product = scaled * other * idf(term);
      dot += product;
      shared.push({ term, product });
    }
  }
  for (const [term, weight] of item.terms) {
    const scaled = weight * idf(term);
    itemNorm += scaled * scaled;
  }
  const norms = Math.sqrt(candidateNorm) * Math.sqrt(itemNorm);
  return explainComparison(candidate, item, shared, norms === 0 ? 0 : dot / norms, norms);
}

/** A term both items have, with its product (both weights times its IDF squared), in the sums of the score. */
export interface SharedTerm {
  readonly term: string;
  readonly product: number;
}

/**
 * The explanation `compareItems` gives, from what its sums found: the shared terms (in the
 * candidate's order), the score and the product of the norms. The story index computes these in
 * the same order from its own arrays, and explains a match without a terms map.
 */
export function explainComparison(
  candidate: Omit<ItemAnalysis, 'terms'>,
  item: Omit<ItemAnalysis, 'terms'>,
  shared: SharedTerm[],
  score: number,
  norms: number,
  /** `storyReason`'s answer when the caller has it already (the story index's match: 'similar'). */
  knownReason?: StoryReason,
): StoryExplanation {
  const sharedTerms: WeightedTerm[] = shared
    .sort((a, b) => b.product - a.product || (a.term < b.term ? -1 : 1))
    .slice(0, SHOWN_TERMS)
    .map(({ term, product }) => ({ term, weight: round(product / norms) }));

  const candidateNames = unmatchedTitleNames(candidate, item);
  const itemNames = unmatchedTitleNames(item, candidate);
  const candidateFigures = unmatchedFigures(candidate.figures, item.figures);
  const itemFigures = unmatchedFigures(item.figures, candidate.figures);
  const reason = knownReason ?? storyReason(candidate, item, shared.map((entry) => entry.term), score);
  return {
    decision: reason === 'similar' ? 'same-story' : 'different-stories',
    reason,
    score: round(score),
    threshold: STORY_THRESHOLD,
    sharedTerms,
    sharedNames: unique(candidate.names.filter((name) => mentions(item, name)).map((name) => name.text)),
    conflictingNames: { candidate: candidateNames, item: itemNames },
    sharedFigures: unique(candidate.figures.filter((figure) => item.figures.some((other) => other.value === figure.value)).map((f) => f.value)),
    conflictingFigures: { candidate: unique(candidateFigures.map((f) => f.value)), item: unique(itemFigures.map((f) => f.value)) },
  };
}

/**
 * Why `item` is or is not the story of `candidate` (the checks of `compareItems`, in its order),
 * from the terms they share and their score: 'similar' is one story. The terms map is not read.
 */
export function storyReason(
  candidate: Omit<ItemAnalysis, 'terms'>,
  item: Omit<ItemAnalysis, 'terms'>,
  sharedTerms: readonly string[],
  score: number,
): StoryReason {
  const conflict = conflictOf(candidate, item);
  if (conflict !== undefined) return conflict;
  if (sharedUnits(sharedTerms) < MIN_SHARED) return 'too-little-shared';
  if (!sharesTitleEvidence(candidate, item)) return 'only-organisations-shared';
  return score >= STORY_THRESHOLD ? 'similar' : 'below-threshold';
}

/**
 * The conflict that makes the two items different stories whatever they share (`storyReason`'s
 * first checks, in its order), if any. The story index asks this first: it rejects most
 * candidates, without the shared terms.
 */
export function conflictOf(candidate: Omit<ItemAnalysis, 'terms'>, item: Omit<ItemAnalysis, 'terms'>): ConflictReason | undefined {
  if (hasUnmatchedTitleName(candidate, item) && hasUnmatchedTitleName(item, candidate)) return 'names-conflict';
  // The figures each item has and the other lacks, and whether one of them is in a headline.
  const candidateFigures = unmatchedFigureKinds(candidate.figures, item.figures);
  const itemFigures = unmatchedFigureKinds(item.figures, candidate.figures);
  const candidateInTitle = (candidateFigures & IN_TITLE) !== 0;
  const itemInTitle = (itemFigures & IN_TITLE) !== 0;
  if ((candidateFigures & ANY) !== 0 && (itemFigures & ANY) !== 0 && (candidateInTitle || itemInTitle)) return 'figures-conflict';
  // A name on one side and a figure on the other: each headline says something specific the other
  // item never mentions (`SecNumCloud 3.2 : …` vs `NumSpot décroche le visa SecNumCloud`).
  // Only strong names count here: the capital starting a headline may be an ordinary word.
  if ((candidateInTitle || strongTitleNames(candidate, item)) && (itemInTitle || strongTitleNames(item, candidate))) return 'specifics-conflict';
  return undefined;
}

export type ConflictReason = Extract<StoryReason, 'names-conflict' | 'figures-conflict' | 'specifics-conflict'>;

const ANY = 1;
const IN_TITLE = 2;

/** Whether `from` has figures `other` lacks (`ANY`), and one of them in a headline (`IN_TITLE`). */
function unmatchedFigureKinds(from: readonly FigureMention[], other: readonly FigureMention[]): number {
  let kinds = 0;
  for (const figure of from) {
    let found = false;
    for (const candidate of other) {
      if (candidate.value === figure.value) {
        found = true;
        break;
      }
    }
    if (found) continue;
    kinds |= ANY;
    if (figure.inTitle) return ANY | IN_TITLE;
  }
  return kinds;
}

/** `storyReason`'s last checks but the score: at least two shared units, and some shared title evidence. */
export function shareEnough(candidate: Omit<ItemAnalysis, 'terms'>, item: Omit<ItemAnalysis, 'terms'>, sharedTerms: readonly string[]): boolean {
  return sharedUnits(sharedTerms) >= MIN_SHARED && sharesTitleEvidence(candidate, item);
}

/** Whether the two headlines share a term of evidence (the candidate's list read once, the item's set looked up). */
function sharesTitleEvidence(candidate: Omit<ItemAnalysis, 'terms'>, item: Omit<ItemAnalysis, 'terms'>): boolean {
  return candidate.titleEvidence.sharesWith(item.titleEvidence);
}

/** Words, names and figures the two items share, a word counted once whether by its stem or its prefix. */
function sharedUnits(terms: readonly string[]): number {
  let units = 0;
  for (let index = 0; index < terms.length; index += 1) {
    const term = terms[index] as string;
    if (!isPrefixTerm(term)) {
      units += 1;
      continue;
    }
    // A prefix counts unless the whole word it is the prefix of is there too (a loop: no closure per term).
    let whole = false;
    for (let other = 0; other < terms.length; other += 1) {
      const candidate = terms[other] as string;
      if (!isPrefixTerm(candidate) && prefixOf(candidate, term)) {
        whole = true;
        break;
      }
    }
    if (!whole) units += 1;
  }
  return units;
}

function isPrefixTerm(term: string): boolean {
  return term.charCodeAt(0) === 0x7e;
}

/** Whether `prefix` is `~` and the first `PREFIX_LENGTH` characters of `whole` (the prefix term of the word). */
function prefixOf(whole: string, prefix: string): boolean {
  if (prefix.length - 1 !== Math.min(whole.length, PREFIX_LENGTH)) return false;
  for (let index = 1; index < prefix.length; index += 1) if (prefix.charCodeAt(index) !== whole.charCodeAt(index - 1)) return false;
  return true;
}

/**
 * Whether `analysis` mentions `name`: the same known name, or all its words (any case). Looked up
 * by the name's terms (a stamp or an id read where the sets allow it). A name without a key term
 * has a key no known name has: no analysis knows it.
 */
function mentions(analysis: Omit<ItemAnalysis, 'terms'>, name: NameMention): boolean {
  if (name.keyTerm !== undefined && analysis.known.hasTerm(name.keyTerm, name.key)) return true;
  const { stemTerms } = name;
  for (let index = 0; index < stemTerms.length; index += 1) {
    const term = stemTerms[index] as TermRef;
    if (!analysis.stems.hasTerm(term, term.name)) return false;
  }
  return true;
}

function strongTitleNames(from: Omit<ItemAnalysis, 'terms'>, other: Omit<ItemAnalysis, 'terms'>): boolean {
  for (const name of from.names) if (name.inTitle && name.strong && !mentions(other, name)) return true;
  return false;
}

function hasUnmatchedTitleName(from: Omit<ItemAnalysis, 'terms'>, other: Omit<ItemAnalysis, 'terms'>): boolean {
  for (const name of from.names) if (name.inTitle && !mentions(other, name)) return true;
  return false;
}

function unmatchedTitleNames(from: Omit<ItemAnalysis, 'terms'>, other: Omit<ItemAnalysis, 'terms'>): string[] {
  return unique(from.names.filter((name) => name.inTitle && !mentions(other, name)).map((name) => name.text));
}

function unmatchedFigures(from: readonly FigureMention[], other: readonly FigureMention[]): FigureMention[] {
  return from.filter((figure) => !other.some((candidate) => candidate.value === figure.value));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
