/** A Unicode encoding recognised from the first bytes of a document, before any label is read. */
export interface UnicodeSignature {
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';
  /** Bytes of byte-order mark to skip (0 when the encoding was recognised from the NUL pattern). */
  readonly bomLength: number;
}

/**
 * Byte-order marks first, then the NUL pattern of an unmarked UTF-16/32 document: a feed starts with
 * `<` or whitespace, ASCII characters whose wide forms put zero bytes at fixed places (XML 1.0
 * appendix F). ASCII-compatible text never contains NUL bytes, so the pattern cannot misfire on it.
 */
export function detectUnicodeSignature(bytes: Uint8Array): UnicodeSignature | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return { encoding: 'utf-32be', bomLength: 4 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return { encoding: 'utf-32le', bomLength: 4 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === undefined || b1 === undefined || b2 === undefined || b3 === undefined) return undefined;
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return { encoding: 'utf-32be', bomLength: 0 };
  if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return { encoding: 'utf-32le', bomLength: 0 };
  if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return { encoding: 'utf-16be', bomLength: 0 };
  if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return { encoding: 'utf-16le', bomLength: 0 };
  return undefined;
}
