/** A watch as the config layer hands it over: its name and its rule (rule string or keyword list). */
export interface WatchRuleSource {
  readonly name: string;
  readonly rule: string | readonly string[];
}

/** The item fields a rule can look at (a `FeedItem` fits). */
export interface MatchInput {
  readonly title: string;
  readonly summary: string;
  readonly categories: readonly string[];
  readonly link?: string;
}

export interface WatchMatch {
  readonly watch: string;
  /**
   * Terms that made the watch match (including context words that satisfied WITH/NEAR), as written
   * in the rule (original spelling, without quotes, `=` or field prefix), deduped, in rule order.
   */
  readonly terms: readonly string[];
}

export interface WatchExplanation {
  readonly watch: string;
  readonly matched: boolean;
  /**
   * When matched: the same terms as `WatchMatch.terms`. Otherwise: every rule term found in the item
   * (exclusions included), in rule order, so a near-miss shows what was seen.
   */
  readonly terms: readonly string[];
  /** Human sentences: what matched where, or why a near-miss did not match. */
  readonly reasons: readonly string[];
}

export interface Matcher {
  /** The watches that match `item`, in the order they were given to `compileMatcher`. */
  match(item: MatchInput): WatchMatch[];
  /** One explanation per watch, in the order they were given to `compileMatcher`. */
  explain(item: MatchInput): WatchExplanation[];
}
