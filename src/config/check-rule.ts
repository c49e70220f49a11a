import { RuleSyntaxError } from '../errors/rule-syntax-error.js';
import { parseRule } from '../match/index.js';
import type { RuleLint, RuleProblem } from './resolve-config.js';

/** Compiles a watch rule the way the matcher will; returns the syntax problem, if any. */
export function checkRule(rule: string | readonly string[]): RuleProblem | undefined {
  try {
    parseRule(rule);
    return undefined;
  } catch (error) {
    if (error instanceof RuleSyntaxError) return { message: error.message };
    throw error;
  }
}

/** Operators, parentheses or a field prefix: rule syntax that a keyword list takes literally. */
const RULE_SYNTAX = /(?:^|\s)(?:AND|OR|NOT|WITH|UNLESS|NEAR(?:\/\d+)?)(?=\s|$)|[()]|(?:^|\s)(?:title|summary|categories|link):/u;

/**
 * A keyword list takes each entry literally (only a leading `=` and a trailing `*` count), so an
 * entry written like a rule (`=Bleu WITH (Orange OR Capgemini)`) would look for that exact text.
 */
export function lintRule(rule: string | readonly string[]): RuleLint[] {
  if (typeof rule === 'string') return [];
  return rule.flatMap((entry, index) =>
    RULE_SYNTAX.test(entry)
      ? [{
          index,
          message:
            `keyword #${index + 1} '${entry.trim()}' looks like a rule, but a keyword list matches each entry as literal text; ` +
            'to combine terms, write the whole rule as one string (rule: "Huawei OR (=Bleu WITH (Orange OR Capgemini))")',
        }]
      : [],
  );
}
