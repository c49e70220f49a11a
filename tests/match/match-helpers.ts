import { compileMatcher, type MatchInput, type WatchExplanation } from '../../src/match/index.js';

/** An item with only a title (and optionally a summary, categories, link). */
export function item(
  title: string,
  summary = '',
  extra: { readonly categories?: readonly string[]; readonly link?: string } = {},
): MatchInput {
  return {
    title,
    summary,
    categories: extra.categories ?? [],
    ...(extra.link === undefined ? {} : { link: extra.link }),
  };
}

/** Whether a one-watch matcher built from `rule` matches `input`. */
export function matches(rule: string | readonly string[], input: MatchInput): boolean {
  return compileMatcher([{ name: 'w', rule }]).match(input).length === 1;
}

/** The terms a one-watch matcher reports for `input` ([] when it does not match). */
export function matchedTerms(rule: string | readonly string[], input: MatchInput): readonly string[] {
  return compileMatcher([{ name: 'w', rule }]).match(input)[0]?.terms ?? [];
}

export function explainOne(rule: string | readonly string[], input: MatchInput): WatchExplanation | undefined {
  return compileMatcher([{ name: 'w', rule }]).explain(input)[0];
}
