/** Why two items are, or are not, one story: what `match` decided on, and what `veille story` prints. */
export type StoryDecision = 'same-story' | 'different-stories';

/** `similar`: score at or above the threshold; the others say what kept them apart. */
export type StoryReason = 'similar' | 'below-threshold' | 'names-conflict' | 'figures-conflict' | 'specifics-conflict' | 'only-organisations-shared' | 'too-little-shared';

export interface WeightedTerm {
  readonly term: string;
  /** Its share of the score's numerator: both weights times IDF squared, over the norms. */
  readonly weight: number;
}

export interface StoryExplanation {
  readonly decision: StoryDecision;
  readonly reason: StoryReason;
  /** Cosine similarity of the two IDF-weighted term vectors, 0 to 1. */
  readonly score: number;
  readonly threshold: number;
  /** Shared terms, heaviest first. */
  readonly sharedTerms: readonly WeightedTerm[];
  readonly sharedNames: readonly string[];
  /** Headline names of each item that the other item does not mention. */
  readonly conflictingNames: { readonly candidate: readonly string[]; readonly item: readonly string[] };
  readonly sharedFigures: readonly string[];
  readonly conflictingFigures: { readonly candidate: readonly string[]; readonly item: readonly string[] };
}
