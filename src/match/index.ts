/**
 * Watch rules: which feed items a watch keeps. (Full guide with examples: docs/rules.md.)
 *
 * A rule is either
 *   - a keyword list (YAML list of strings): the item matches if ANY keyword is found; each entry is
 *     literal text matched like a quoted phrase (a leading `=` and a trailing `*` still work), or
 *   - a rule string in the language below.
 *
 * Words. Item text and rule terms are cut into words the same way (tokenize.ts): letters and digits
 * form words, everything else is a border (spaces incl. U+00A0/U+202F, punctuation, hyphens, « »).
 * French elisions are split off (`d'Huawei`, `l’Anssi` → `Huawei`, `Anssi`; l' d' j' m' n' s' t' c'
 * qu' jusqu' lorsqu' puisqu' quoiqu', straight or curly apostrophe), and so is an English possessive
 * (`Huawei's` → `Huawei`). Terms match WHOLE words: `Bleu` does not match `Bleus` or `bleuté`.
 *
 * Folding. By default case- and accent-insensitive: `securite` matches `Sécurité`, `huawei` matches
 * `HUAWEI`; ligatures are spelt out (`oeuvre` matches `œuvre`). `=Bleu` is case-sensitive (still
 * accent-insensitive): it matches `Bleu` but not `bleu` or `BLEU`.
 *
 * Terms.
 *   huawei            a word
 *   "cloud souverain" a phrase: consecutive words (quotes " ", “ ”, « » all work)
 *   cloud-native      a bare word with inner punctuation is the phrase "cloud native"
 *   souverain*        a prefix: souverain, souveraine, souveraineté (also inside phrases: "centre* de données")
 *   =Bleu  ="Bleu Cloud"        case-sensitive word / phrase
 *   [Capitalised]     a word class: any word whose first letter is upper case (a context, mostly)
 *   title:huawei  title:"cloud souverain"  title:(a OR b)   field scope: title, summary, categories
 *                     (or category), link; unscoped terms look at every field
 *
 * Operators, tightest first (operators are UPPER CASE; lower-case `and`, `or`, `not` are words):
 *   1. context filters, left to right, each applies to the term/phrase/OR-group on its left:
 *        X WITH Y          X counts only if Y is also somewhere in the item (any field)
 *        X NEAR/n Y        X counts only if Y is within n words of it, in the same field
 *                          (adjacent words are 1 apart; the same words are never their own context)
 *        X UNLESS Y        an X that is part of a Y match does not count: Bleu UNLESS "écran bleu"
 *        X UNLESS NEAR/n Y an X with a Y within n words (or overlapping) does not count
 *        X BEFORE/n Y      X counts only if Y starts within n words after it, with no punctuation
 *                          between (BEFORE alone is BEFORE/1: right after); X AFTER/n Y: Y before X
 *        X UNLESS BEFORE/n Y, X UNLESS AFTER/n Y   the same, excluding
 *      Y after NEAR/BEFORE/AFTER/UNLESS is a term, a phrase or an OR-group of them; after WITH any group.
 *      Filters judge each occurrence: in "écran bleu … Bleu, le cloud de Orange", the second Bleu counts.
 *   2. NOT x          the item must not contain x (per-watch exclusion)
 *   3. AND            both; writing terms side by side also means AND: `huawei cloud`
 *   4. OR             either
 *   Parentheses group. `#` where a term could start comments out the rest of the line.
 *
 * Errors: `RuleSyntaxError` with `position` (0-based), `line`/`column` (1-based), `token`, `reason`.
 *
 * Matching cost: all terms of all watches are compiled into one index (term-index.ts); an item's
 * fields are tokenized once and each word is looked up once, then only watches with a hit evaluate
 * their boolean tree (compile-matcher.ts).
 */
export { compileMatcher } from './compile-matcher.js';
export { lazyMatcher } from './lazy-matcher.js';
export { parseRule } from './parse-rule.js';
export type {
  AndNode,
  NearNode,
  NotNode,
  OrNode,
  ParsedRule,
  RuleField,
  RuleNode,
  TermNode,
  UnlessNode,
  WithNode,
  WordClass,
  WordPattern,
  ContextOrder,
} from './rule-ast.js';
export type { MatchInput, Matcher, WatchExplanation, WatchMatch, WatchRuleSource } from './types.js';
export { RuleSyntaxError } from '../errors/rule-syntax-error.js';
