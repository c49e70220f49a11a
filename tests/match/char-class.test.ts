import { describe, expect, it } from 'vitest';
import { LETTER, MARK, NUMBER, WIDE, classAt, isSpace, removeMarks } from '../../src/match/char-class.js';

const expectedBits = (character: string): number =>
  (/\p{L}/u.test(character) ? LETTER : 0) | (/\p{N}/u.test(character) ? NUMBER : 0) | (/\p{M}/u.test(character) ? MARK : 0);

describe('classAt', () => {
  it('agrees with the \\p{L} \\p{N} \\p{M} regexps for every character of the Basic Multilingual Plane', () => {
    const disagreements: string[] = [];
    for (let code = 0; code < 0x10000; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCharCode(code);
      if (classAt(character, 0) !== expectedBits(character)) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it.each([
    ['𝐀 (mathematical bold A)', '𝐀', LETTER | WIDE],
    ['𝟙 (double-struck one)', '𝟙', NUMBER | WIDE],
    ['𑀀 (Brahmi sign, a mark)', '\u{11000}', MARK | WIDE],
    ['😀 (emoji)', '😀', WIDE],
    ['a lone high surrogate', '\ud835', 0],
    ['a lone low surrogate', '\udc00', 0],
  ])('%s', (_name, text, bits) => {
    expect(classAt(text, 0)).toBe(bits);
  });
});

describe('removeMarks', () => {
  it.each([
    ['e\u0301cole', 'ecole'],
    ['E\u0300\u0323', 'E'],
    ['plain', 'plain'],
    ['\u0301', ''],
    ['a\u{11000}b', 'ab'],
    ['😀\u0301', '😀'],
  ])('%j → %j', (text, expected) => {
    expect(removeMarks(text)).toBe(expected);
  });
});

describe('isSpace', () => {
  it('agrees with \\s for every UTF-16 unit', () => {
    const disagreements: string[] = [];
    for (let code = 0; code < 0x10000; code += 1) {
      if (isSpace(code) !== /\s/u.test(String.fromCharCode(code))) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });
});
