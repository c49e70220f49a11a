import { describe, expect, it } from 'vitest';
import { fitEscaped, splitGraphemes, truncate } from '../../src/render/truncate.js';

describe('truncate', () => {
  const cases: { name: string; text: string; limit: number; expected: string }[] = [
    { name: 'fits unchanged', text: 'abc', limit: 3, expected: 'abc' },
    { name: 'empty', text: '', limit: 0, expected: '' },
    { name: 'cut with ellipsis', text: 'abcdef', limit: 4, expected: 'abc…' },
    { name: 'trailing space dropped before ellipsis', text: 'ab cdef', limit: 4, expected: 'ab…' },
    { name: 'trailing NBSP dropped', text: 'ab\u00A0cdef', limit: 4, expected: 'ab…' },
    { name: 'limit too small for the ellipsis', text: 'abc', limit: 0, expected: '' },
    { name: 'only the ellipsis fits', text: 'abc', limit: 1, expected: '…' },
    // 😀 is 2 code units: it does not fit in the 2 units left, and is never split.
    { name: 'surrogate pair kept whole', text: 'a😀bcd', limit: 3, expected: 'a…' },
    { name: 'surrogate pair fits', text: 'a😀bcd', limit: 4, expected: 'a😀…' },
    // e + combining acute accent is one grapheme of 2 code units.
    { name: 'combining mark kept with its letter', text: 'cafe\u0301 noir', limit: 5, expected: 'caf…' },
    { name: 'combining mark fits', text: 'cafe\u0301 noir', limit: 6, expected: 'cafe\u0301…' },
    // Family emoji: 4 people joined by ZWJ, 11 code units, one grapheme.
    { name: 'ZWJ sequence kept whole', text: 'x👨‍👩‍👧‍👦y', limit: 11, expected: 'x…' },
    { name: 'flag (4 code units) never split', text: '🇫🇷🇫🇷', limit: 4, expected: '…' },
    { name: 'flag fits', text: '🇫🇷🇫🇷', limit: 5, expected: '🇫🇷…' },
  ];
  it.each(cases)('$name', ({ text, limit, expected }) => {
    const result = truncate(text, limit);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(limit);
  });

  it('rejects a negative or fractional limit', () => {
    expect(() => truncate('abc', -1)).toThrow(RangeError);
    expect(() => truncate('abc', 1.5)).toThrow(RangeError);
  });

  it('never splits a grapheme for any limit', () => {
    const text = 'É😀🇫🇷e\u0301👨‍👩‍👧‍👦 « x »';
    const graphemes = new Set(splitGraphemes(text));
    for (let limit = 0; limit <= text.length + 1; limit += 1) {
      const result = truncate(text, limit);
      expect(result.length).toBeLessThanOrEqual(limit);
      for (const g of splitGraphemes(result.replace(/…$/, ''))) expect(graphemes.has(g) || g.trim() === '').toBe(true);
    }
  });
});

describe('fitEscaped', () => {
  const double = (text: string): string => text.replace(/\*/g, '\\*');
  const cases: { name: string; raw: string; limit: number; expected: string }[] = [
    { name: 'fits after escaping', raw: 'a*b', limit: 4, expected: 'a\\*b' },
    { name: 'cut before escaping', raw: 'a*b*c', limit: 4, expected: 'a\\*…' },
    { name: 'escape never split', raw: 'a*b*c', limit: 3, expected: 'a…' },
    { name: 'cut keeps whole escapes', raw: 'a*b*c', limit: 5, expected: 'a\\*b…' },
    { name: 'nothing fits but the ellipsis', raw: '****', limit: 1, expected: '…' },
    { name: 'zero limit', raw: 'abc', limit: 0, expected: '' },
  ];
  it.each(cases)('$name', ({ raw, limit, expected }) => {
    const result = fitEscaped(raw, double, limit);
    expect(result).toBe(expected);
    expect(result.length).toBeLessThanOrEqual(limit);
  });
});
