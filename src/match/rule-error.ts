import { RuleSyntaxError } from '../errors/rule-syntax-error.js';

/** Builds the error for a problem at `position` (0-based) in a rule string: "expected ')' at column 17". */
export function ruleSyntaxError(rule: string, position: number, token: string, reason: string): RuleSyntaxError {
  const { line, column } = locate(rule, position);
  const where = rule.includes('\n') ? `line ${line}, column ${column}` : `column ${column}`;
  return new RuleSyntaxError(`${reason} at ${where}`, { rule, position, line, column, token, reason });
}

/**
 * Builds the error for a bad keyword-list entry: `position` and `entry` are the entry's index,
 * `line`/`column` the place inside the entry.
 */
export function keywordSyntaxError(
  entryText: string,
  entry: number,
  offset: number,
  token: string,
  reason: string,
): RuleSyntaxError {
  const { line, column } = locate(entryText, offset);
  return new RuleSyntaxError(`keyword #${entry + 1}: ${reason} at column ${column}`, {
    rule: entryText,
    position: entry,
    line,
    column,
    token,
    reason,
    entry,
  });
}

function locate(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: position - lineStart + 1 };
}
