import { LATIN_END, LETTER, MARK, NUMBER, classAt, classAtCodes, widthOf } from './char-class.js';
import { foldAccents, foldWord } from './fold.js';

/**
 * Splits text into words, the same way for rule terms and for item text.
 *
 * - A word is a run of letters, digits and combining marks; everything else is a border: spaces
 *   (including U+00A0 and U+202F), punctuation, hyphens, guillemets « », slashes, quotes.
 * - Apostrophes (' ’ ʼ ‘) inside a word split it, and then:
 *   a leading French elision is dropped (`d'Huawei`, `l’Anssi`, `jusqu'au` → `Huawei`, `Anssi`, `au`);
 *   a trailing English possessive `'s` is dropped (`Huawei's` → `Huawei`); other parts stay
 *   separate words (`aujourd'hui` → `aujourd`, `hui`).
 * - `start`/`end` are UTF-16 offsets of the word in the text, `folded` its case- and accent-folded
 *   form, `cased` its accent-folded form with the case kept.
 */
export interface Token {
  readonly folded: string;
  readonly cased: string;
  readonly start: number;
  readonly end: number;
}

const APOSTROPHES: ReadonlySet<number> = new Set([0x27, 0x2019, 0x2018, 0x2bc]);
const WORD_CLASSES = LETTER | NUMBER | MARK;
const ELISIONS: ReadonlySet<string> = new Set([
  'l',
  'd',
  'j',
  'm',
  'n',
  's',
  't',
  'c',
  'qu',
  'jusqu',
  'lorsqu',
  'puisqu',
  'quoiqu',
]);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const length = wordLength(text, index);
    if (length === 0) {
      index += 1;
      continue;
    }
    // A run: words joined by single apostrophes (d'Huawei's).
    const parts: Token[] = [makeToken(text.slice(index, index + length), index)];
    index += length;
    while (index < text.length && APOSTROPHES.has(text.charCodeAt(index))) {
      const next = wordLength(text, index + 1);
      if (next === 0) break;
      parts.push(makeToken(text.slice(index + 1, index + 1 + next), index + 1));
      index += 1 + next;
    }
    let first = 0;
    let last = parts.length;
    while (last - first > 1 && ELISIONS.has(parts[first]?.folded ?? '')) first += 1;
    if (last - first > 1 && parts[last - 1]?.folded === 's') last -= 1;
    for (let part = first; part < last; part += 1) {
      const token = parts[part];
      if (token !== undefined) tokens.push(token);
    }
  }
  return tokens;
}

/** Offsets written by `tokenSpansOfCodesInto`, kept between calls (a plain array would drop its storage when cleared). */
export interface SpanBuffer {
  offsets: Int32Array;
}

export function createSpanBuffer(capacity = 256): SpanBuffer {
  return { offsets: new Int32Array(capacity) };
}

/**
 * The words of `tokenize(text)`, as offsets only: `[start, end, start, end, ...]` in
 * `buffer.offsets` (grown if `text` needs it), the same words with the same borders, elisions and
 * possessives, without a string or an object per word (the story matcher reads words by their
 * spelling). They are read from `codes`, the `text.length` UTF-16 units of `text` copied into a
 * typed array (see `classAtCodes`). Returns how many offsets it wrote.
 */
export function tokenSpansOfCodesInto(codes: Uint16Array, text: string, buffer: SpanBuffer): number {
  const length = text.length;
  // Words and their borders alternate (an apostrophe is a border too): at most `length + 2` offsets.
  if (buffer.offsets.length < length + 2) buffer.offsets = new Int32Array(2 * length + 2);
  const spans = buffer.offsets;
  let count = 0;
  let index = 0;
  while (index < length) {
    const wordEnd = wordEndOfCodes(codes, length, index, text);
    if (wordEnd === index) {
      index += 1;
      continue;
    }
    const runStart = count;
    spans[count] = index;
    spans[count + 1] = wordEnd;
    count += 2;
    index = wordEnd;
    while (index < length && isApostrophe(codes[index] as number)) {
      const next = wordEndOfCodes(codes, length, index + 1, text);
      if (next === index + 1) break;
      spans[count] = index + 1;
      spans[count + 1] = next;
      count += 2;
      index = next;
    }
    count = trimElisions(text, spans, runStart, count);
  }
  return count;
}

/**
 * The spans from `runStart` to `count` are one run of words joined by apostrophes: drops its leading
 * elisions (`l'`, `d'`…) and a trailing `'s`, keeping at least one word. Returns the new count.
 */
function trimElisions(text: string, spans: Int32Array, runStart: number, count: number): number {
  const parts = (count - runStart) / 2;
  if (parts === 1) return count;
  let first = 0;
  let last = parts;
  while (last - first > 1 && ELISIONS.has(foldedSpan(text, spans, runStart + 2 * first))) first += 1;
  if (last - first > 1 && foldedSpan(text, spans, runStart + 2 * (last - 1)) === 's') last -= 1;
  if (first === 0 && last === parts) return count;
  spans.copyWithin(runStart, runStart + 2 * first, runStart + 2 * last);
  return runStart + 2 * (last - first);
}

/** `APOSTROPHES.has(code)`, without a set lookup. */
function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019 || code === 0x2018 || code === 0x2bc;
}

/**
 * For each UTF-16 unit below U+0370 (ASCII, the Latin blocks, the combining marks: nearly every
 * unit of a French text), 1 if it continues a word as `classAt` decides it (U+02BC is a letter for
 * Unicode but an apostrophe in practice: 0), so that `wordEndOfCodes` reads one byte per such unit.
 * Built on first use.
 */
let latinWordUnits: Uint8Array | undefined;

function buildLatinWordUnits(): Uint8Array {
  const table = new Uint8Array(LATIN_END);
  for (let code = 0; code < LATIN_END; code += 1) {
    table[code] = code !== 0x2bc && (classAt(String.fromCharCode(code), 0) & WORD_CLASSES) !== 0 ? 1 : 0;
  }
  return table;
}

/** Where the word (letters, digits, marks) starting at `start` ends, read from `codes` (`start` if none starts there). */
function wordEndOfCodes(codes: Uint16Array, length: number, start: number, text: string): number {
  const latin = (latinWordUnits ??= buildLatinWordUnits());
  let index = start;
  while (index < length) {
    const code = codes[index] as number;
    if (code < LATIN_END) {
      if (latin[code] === 0) break;
      index += 1;
      continue;
    }
    const bits = classAtCodes(codes, length, index, text);
    if ((bits & WORD_CLASSES) === 0) break;
    index += widthOf(bits);
  }
  return index;
}

/** The folded word whose offsets are at `spans[at]` (a function, not a closure: no context per word). */
function foldedSpan(text: string, spans: Int32Array, at: number): string {
  return foldWord(text.slice(spans[at] as number, spans[at + 1] as number));
}

/** UTF-16 length of the word (letters, digits, marks) starting at `start`; 0 if none starts there. */
function wordLength(text: string, start: number): number {
  let index = start;
  while (index < text.length) {
    // U+02BC is a letter for Unicode but an apostrophe in practice.
    if (text.charCodeAt(index) === 0x2bc) break;
    const bits = classAt(text, index);
    if ((bits & WORD_CLASSES) === 0) break;
    index += widthOf(bits);
  }
  return index - start;
}

function makeToken(word: string, start: number): Token {
  const cased = foldAccents(word);
  return { folded: cased.toLowerCase(), cased, start, end: start + word.length };
}
