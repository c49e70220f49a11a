import { describe, expect, it } from 'vitest';
import { decodeStrictUtf8 } from '../../src/decode/decode-utf8.js';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('decodeStrictUtf8', () => {
  it.each([
    { name: 'empty', input: bytes(), expected: '' },
    { name: 'ASCII', input: bytes(0x41, 0x42), expected: 'AB' },
    { name: 'a byte order mark is kept', input: bytes(0xef, 0xbb, 0xbf, 0x41), expected: '\ufeffA' },
    { name: 'three-byte and four-byte sequences', input: bytes(0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80), expected: '€😀' },
    { name: 'an overlong form', input: bytes(0xc0, 0x80), expected: undefined },
    { name: 'an encoded surrogate', input: bytes(0xed, 0xa0, 0x80), expected: undefined },
    { name: 'above U+10FFFF', input: bytes(0xf4, 0x90, 0x80, 0x80), expected: undefined },
    { name: 'a truncated sequence', input: bytes(0x41, 0xe2, 0x82), expected: undefined },
    { name: 'a Latin-1 byte', input: bytes(0x63, 0x61, 0x66, 0xe9), expected: undefined },
  ])('$name', ({ input, expected }) => {
    expect(decodeStrictUtf8(input)).toBe(expected);
    // The same answer as a fatal TextDecoder that keeps the BOM.
    let reference: string | undefined;
    try {
      reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      reference = undefined;
    }
    expect(decodeStrictUtf8(input)).toBe(reference);
  });

  it('decodes only the view it is given, not the whole buffer behind it', () => {
    expect(decodeStrictUtf8(bytes(0xff, 0xe2, 0x82, 0xac, 0xff).subarray(1, 4))).toBe('€');
  });
});
