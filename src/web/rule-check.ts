import { stringify } from 'yaml';
import { compileMatcher, parseRule, RuleSyntaxError, type WatchExplanation } from '../match/index.js';

export type RuleCheck =
  | { readonly ok: true; readonly yaml: string; readonly sample?: WatchExplanation }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly line: number;
      readonly column: number;
      /** The rule's line with the problem, and a caret under it. */
      readonly excerpt: string;
      readonly caret: string;
    };

/**
 * Checks a pasted rule the way the config does (pure): its syntax error with the place, or the
 * YAML to paste under a watch; with a sample title (and summary), whether the rule matches it and why.
 */
export function checkRuleText(rule: string, sample?: { readonly title: string; readonly summary: string }): RuleCheck {
  try {
    parseRule(rule);
  } catch (error) {
    if (!(error instanceof RuleSyntaxError)) throw error;
    const excerpt = rule.split('\n')[error.line - 1] ?? '';
    return { ok: false, reason: error.reason, line: error.line, column: error.column, excerpt, caret: `${' '.repeat(Math.max(0, error.column - 1))}^` };
  }
  const yaml = stringify({ rule: rule.includes('\n') ? `${rule.trimEnd()}\n` : rule.trim() }, { lineWidth: 0 });
  if (sample === undefined || sample.title.trim() === '') return { ok: true, yaml };
  const [explanation] = compileMatcher([{ name: 'rule', rule }]).explain({ title: sample.title, summary: sample.summary, categories: [] });
  return explanation === undefined ? { ok: true, yaml } : { ok: true, yaml, sample: explanation };
}
