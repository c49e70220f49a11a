import { describe, expect, it } from 'vitest';
import { RuleSyntaxError } from '../../src/errors/rule-syntax-error.js';
import { compileMatcher, parseRule } from '../../src/match/index.js';

function errorOf(rule: string | readonly string[]): RuleSyntaxError {
  try {
    parseRule(rule);
  } catch (error) {
    if (error instanceof RuleSyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(rule)}`);
}

describe('rule syntax errors', () => {
  it.each([
    ['huawei AND (cloud OR zte', 24, '', "expected ')'"],
    ['huawei)', 6, ')', "unexpected ')' without a matching '('"],
    ['', 0, '', 'empty rule: expected at least one term'],
    ['   # only a comment', 19, '', 'empty rule: expected at least one term'],
    ['huawei AND', 10, '', "expected a term after 'AND'"],
    ['huawei OR OR zte', 10, 'OR', "expected a term, a phrase or '(' but found 'OR'"],
    ['OR huawei', 0, 'OR', "expected a term, a phrase or '(' but found 'OR'"],
    ['()', 1, ')', "expected a term, a phrase or '(' but found ')'"],
    ['huawei "cloud de', 7, '"', 'unterminated phrase: missing closing "'],
    ['«cloud', 0, '«', 'unterminated phrase: missing closing »'],
    ['huawei ""', 8, '', 'empty phrase: a phrase needs at least one word'],
    ['huawei &&', 7, '&&', "'&&' has no letters or digits to look for"],
    ['sou*verain', 3, '*', "'*' must end a word (prefix search, as in souverain*)"],
    ['*cloud', 0, '*', "'*' must end a word (prefix search, as in souverain*)"],
    ['cloud**', 5, '*', "'*' must end a word (prefix search, as in souverain*)"],
    ['Bleu NEAR cloud', 5, 'NEAR', "expected NEAR/<number of words>, e.g. NEAR/5, but found 'NEAR'"],
    ['Bleu NEAR/x cloud', 5, 'NEAR/x', "expected NEAR/<number of words>, e.g. NEAR/5, but found 'NEAR/x'"],
    ['Bleu NEAR/0 cloud', 5, 'NEAR/0', 'NEAR distance must be between 1 and 1000 words'],
    ['Bleu NEAR/5', 11, '', "expected a term after 'NEAR/5'"],
    ['Bleu WITH', 9, '', "expected a term after 'WITH'"],
    [
      'Bleu BEFORE/x cloud',
      5,
      'BEFORE/x',
      "expected BEFORE/<number of words>, e.g. BEFORE/5, but found 'BEFORE/x' (BEFORE alone means BEFORE/1)",
    ],
    ['Bleu AFTER/', 5, 'AFTER/', "expected AFTER/<number of words>, e.g. AFTER/5, but found 'AFTER/' (AFTER alone means AFTER/1)"],
    ['Bleu UNLESS AFTER/1001 cloud', 12, 'AFTER/1001', 'AFTER distance must be between 1 and 1000 words'],
    ['Bleu BEFORE/0 cloud', 5, 'BEFORE/0', 'BEFORE distance must be between 1 and 1000 words'],
    ['Bleu BEFORE', 11, '', "expected a term after 'BEFORE'"],
    ['Bleu UNLESS BEFORE', 18, '', "expected a term after 'BEFORE'"],
    [
      'Bleu BEFORE (a AND b)',
      12,
      '(',
      "'BEFORE' needs terms or phrases joined by OR after it (AND/NOT are not allowed there)",
    ],
    [
      'Bleu UNLESS BEFORE [Majuscule]',
      19,
      '[Majuscule]',
      "unknown word class '[Majuscule]' (the class is [Capitalised]; quote the text to search for it)",
    ],
    ['Bleu BEFORE [Capitalised', 12, '[Capitalised', "expected a word class such as [Capitalised] but found '[Capitalised'"],
    ['Bleu BEFORE [Capitalised]s', 12, '[Capitalised]s', "expected a word class such as [Capitalised] but found '[Capitalised]s'"],
    ['Bleu BEFORE title:[]', 18, '[]', "expected a word class such as [Capitalised] but found '[]'"],
    ['Bleu BEFORE =[Capitalised]', 12, '=', "'=' cannot be used with a word class: [Capitalised] is about case already"],
    [
      'titre:huawei',
      0,
      'titre:',
      "unknown field 'titre:' (fields are title, summary, categories, link; quote the text to search for it)",
    ],
    ['title: huawei', 6, ' ', "expected a word, a phrase or '(' right after 'title:'"],
    ['= Bleu', 1, ' ', "expected a word or a phrase right after '='"],
    ['=(Bleu)', 1, '(', "expected a word or a phrase right after '='"],
    ['title:(summary:huawei)', 7, 'summary:huawei', "a field prefix cannot be used inside a 'title:(…)' group"],
    [
      '(a AND b) WITH c',
      10,
      'WITH',
      "'WITH' must follow a term, a phrase or terms joined by OR, not an AND/NOT group; write (term WITH …) AND …",
    ],
    [
      'Bleu NEAR/3 (a AND b)',
      12,
      '(',
      "'NEAR/3' needs terms or phrases joined by OR after it (AND/NOT are not allowed there)",
    ],
    [
      'Bleu UNLESS (NOT a)',
      12,
      '(',
      "'UNLESS' needs terms or phrases joined by OR after it (AND/NOT are not allowed there)",
    ],
  ])('%j', (rule, position, token, reason) => {
    const error = errorOf(rule);
    expect(error.name).toBe('RuleSyntaxError');
    expect(error).toBeInstanceOf(Error);
    expect([error.position, error.line, error.column, error.token, error.reason, error.message]).toEqual([
      position,
      1,
      position + 1,
      token,
      reason,
      `${reason} at column ${position + 1}`,
    ]);
    expect(error.rule).toBe(rule);
  });

  it('gives line and column in a multi-line rule', () => {
    const error = errorOf('huawei\nOR (secnumcloud\n  OR bleu');
    expect([error.position, error.line, error.column, error.message]).toEqual([
      32,
      3,
      10,
      "expected ')' at line 3, column 10",
    ]);
  });

  it('is thrown by compileMatcher too', () => {
    expect(() => compileMatcher([{ name: 'ok', rule: 'huawei' }, { name: 'bad', rule: 'huawei (' }])).toThrow(
      RuleSyntaxError,
    );
  });
});

describe('keyword list errors', () => {
  it.each([
    [['Huawei', ''], 1, 1, '', 'empty keyword'],
    [['Huawei', 'SecNumCloud', '  '], 2, 1, '', 'empty keyword'],
    [['!!!'], 0, 1, '!!!', "'!!!' has no letters or digits to look for"],
    [['Huawei', 'sou*verain'], 1, 4, '*', "'*' must end a word (prefix search, as in souverain*)"],
    [['Huawei', ' =*x'], 1, 3, '*', "'*' must end a word (prefix search, as in souverain*)"],
    [[], 0, 1, '', 'empty keyword list: expected at least one keyword'],
  ])('%j', (rule, position, column, token, reason) => {
    const error = errorOf(rule);
    expect([error.position, error.entry, error.column, error.token, error.reason, error.message]).toEqual([
      position,
      position,
      column,
      token,
      reason,
      `keyword #${position + 1}: ${reason} at column ${column}`,
    ]);
  });
});
