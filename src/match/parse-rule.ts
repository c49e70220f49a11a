import { parseKeywordList } from './keyword-list.js';
import type { ParsedRule } from './rule-ast.js';
import { parseRuleString } from './rule-parser.js';

/**
 * Parses a watch rule: a rule string in the rule language, or a keyword list (match if any keyword
 * is found). Throws `RuleSyntaxError`; for a list, `position` is the index of the bad entry.
 */
export function parseRule(rule: string | readonly string[]): ParsedRule {
  return typeof rule === 'string' ? parseRuleString(rule) : parseKeywordList(rule);
}
