import { describe, expect, it } from 'vitest';
import { lexRule, type Lexeme } from '../../src/match/rule-lexer.js';

/** What the lexer made of a rule: the terms' texts, or the syntax error's message. */
const outcome = (rule: string): string => {
  try {
    return lexRule(rule)
      .filter((lexeme): lexeme is Extract<Lexeme, { kind: 'term' }> => lexeme.kind === 'term')
      .map((lexeme) => `${lexeme.text}${lexeme.wordClass === undefined ? '' : `=${lexeme.wordClass}`}`)
      .join('|');
  } catch (error) {
    return `error: ${(error as Error).message.split('\n')[0]}`;
  }
};

describe('lexRule reads characters as the regular expressions it replaced', () => {
  it('splits a bare word at white space (`\\s`) and at no other unit of the BMP', () => {
    const special = new Set(['(', ')', '"', '“', '«', '#', '[', '=', ':']);
    const disagreements: string[] = [];
    for (let code = 0; code < 0x10000; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      if (special.has(char)) continue;
      const expected = /\s/u.test(char) ? 'a|b' : `a${char}b`;
      if (outcome(`a${char}b`) !== expected) disagreements.push(`U+${code.toString(16)}`);
    }
    expect(disagreements).toEqual([]);
  });

  it.each([
    ['[Capitalised]', '[Capitalised]=capitalised'],
    ['[capitalized]', '[capitalized]=capitalised'],
    ['title:[Capitalised]', 'title:[Capitalised]=capitalised'],
    ['[Capitalisé]', "error: unknown word class '[Capitalisé]' (the class is [Capitalised]; quote the text to search for it) at column 1"],
    ['[𝐀𝐁]', "error: unknown word class '[𝐀𝐁]' (the class is [Capitalised]; quote the text to search for it) at column 1"],
    ['[]', "error: expected a word class such as [Capitalised] but found '[]' at column 1"],
    ['[Cap1]', "error: expected a word class such as [Capitalised] but found '[Cap1]' at column 1"],
    ['[Cap', "error: expected a word class such as [Capitalised] but found '[Cap' at column 1"],
    ['[Cap]s', "error: expected a word class such as [Capitalised] but found '[Cap]s' at column 1"],
    ['[a\ud835]', "error: expected a word class such as [Capitalised] but found '[a\ud835]' at column 1"],
    ['[e\u0301]', "error: expected a word class such as [Capitalised] but found '[e\u0301]' at column 1"],
  ])('word class %s', (rule, expected) => {
    const body = rule.slice(rule.indexOf('['));
    // The expectation agrees with the pattern the lexer used to run.
    expect(/^\[(\p{L}+)\]$/u.test(body)).toBe(!expected.includes('expected a word class'));
    expect(outcome(rule)).toBe(expected);
  });

  it.each([
    ['title:Huawei', 'title:Huawei'],
    ['Titre:Huawei', "error: unknown field 'Titre:' (fields are title, summary, categories, link; quote the text to search for it) at column 1"],
    ['12:30', '12:30'],
    ['http://x', "error: unknown field 'http:' (fields are title, summary, categories, link; quote the text to search for it) at column 1"],
    ['Huawei', 'Huawei'],
  ])('field prefix %s', (rule, expected) => {
    expect(outcome(rule)).toBe(expected);
  });
});
