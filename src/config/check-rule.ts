import { RuleSyntaxError } from '../errors/rule-syntax-error.js';
import { parseRule } from '../match/index.js';
import type { RuleProblem } from './resolve-config.js';

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
