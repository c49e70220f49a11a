import { compileMatcher } from './compile-matcher.js';
import type { Matcher, WatchRuleSource } from './types.js';

/**
 * `compileMatcher(watches)`, compiled on the first item matched or explained. A running veille
 * builds its matcher with each configuration, and most cycles of a `veille once` started by cron
 * match nothing (every source answered 304). For rules already checked (config validation parses
 * each one, check-rule.ts): a syntax error would throw at the first item instead of here.
 */
export function lazyMatcher(watches: readonly WatchRuleSource[]): Matcher {
  let compiled: Matcher | undefined;
  const matcher = (): Matcher => (compiled ??= compileMatcher(watches));
  return {
    match: (item) => matcher().match(item),
    explain: (item) => matcher().explain(item),
  };
}
