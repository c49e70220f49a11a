import { buildTerm } from './build-term.js';
import type { ParsedRule, TermNode } from './rule-ast.js';
import { keywordSyntaxError } from './rule-error.js';

/**
 * A keyword list matches when ANY entry is found. Each entry is literal text matched like a quoted
 * phrase (so `AND`, `title:` or parentheses have no special meaning); only a leading `=`
 * (case-sensitive) and a trailing `*` on a word (prefix) are recognised.
 */
export function parseKeywordList(entries: readonly string[]): ParsedRule {
  if (entries.length === 0) {
    throw keywordSyntaxError('', 0, 0, '', 'empty keyword list: expected at least one keyword');
  }
  const terms: TermNode[] = entries.map((entry, index) => {
    const leading = entry.length - entry.trimStart().length;
    const trimmed = entry.trim();
    const fail = (offset: number, token: string, reason: string): never => {
      throw keywordSyntaxError(entry, index, offset, token, reason);
    };
    if (trimmed === '') fail(0, '', 'empty keyword');
    const caseSensitive = trimmed.startsWith('=');
    const body = caseSensitive ? trimmed.slice(1) : trimmed;
    const bodyOffset = leading + (caseSensitive ? 1 : 0);
    return buildTerm(
      { body, label: body.trim(), caseSensitive, field: null, position: index, quoted: false },
      (offset, token, reason) => fail(bodyOffset + offset, token, reason),
    );
  });
  const [only] = terms;
  return { root: terms.length === 1 && only !== undefined ? only : { kind: 'or', children: terms }, terms };
}
