/**
 * Unicode letter / number / mark classes of a character, by table lookup.
 *
 * The word rules need `\p{L}`, `\p{N}` and `\p{M}` for every character of every item. Regexps with
 * these classes are slow to compile, and V8 throws compiled regexp code away at garbage
 * collections, so a long-running process paid the compilation again after each major GC (about
 * 6 ms each time). The classes of the Basic Multilingual Plane are computed once into a 64 KiB
 * table; the rare characters above it (surrogate pairs) are still asked of a regexp.
 */
export const LETTER = 1;
export const NUMBER = 2;
export const MARK = 4;
/** Set when the character is a surrogate pair: two UTF-16 units long. */
export const WIDE = 8;

/** The surrogates (U+D800..U+DFFF): not characters on their own, left out of the table's string. */
const SURROGATES_START = 0xd800;
const SURROGATES_LENGTH = 0x800;

/** Built on first use (about 10 ms): a process that reads no new text (a cycle of 304s) never builds it. */
let bmpClasses: Uint8Array | undefined;
const ASTRAL = { letter: /\p{L}/u, number: /\p{N}/u, mark: /\p{M}/u };
/**
 * Characters below this have a table of their own: ASCII, the Latin blocks (all of French) and
 * the combining diacritical marks (what NFKD splits their accents into).
 */
export const LATIN_END = 0x370;
/** Built on first use, from `LATIN_RUNS` (a millisecond of regexp tests per character before). */
let latinClasses: Uint8Array | undefined;
/**
 * The letters, numbers and marks below `LATIN_END`, as `\p{L}`, `\p{N}` and `\p{M}` class them:
 * [first, last, class]. Unicode has not moved a character of these blocks between the three in
 * decades; tests/match/char-class.test.ts checks every one against the regexps all the same.
 */
const LATIN_RUNS: readonly (readonly [number, number, number])[] = [
  [0x30, 0x39, NUMBER], [0x41, 0x5a, LETTER], [0x61, 0x7a, LETTER], [0xaa, 0xaa, LETTER], [0xb2, 0xb3, NUMBER],
  [0xb5, 0xb5, LETTER], [0xb9, 0xb9, NUMBER], [0xba, 0xba, LETTER], [0xbc, 0xbe, NUMBER], [0xc0, 0xd6, LETTER],
  [0xd8, 0xf6, LETTER], [0xf8, 0x2c1, LETTER], [0x2c6, 0x2d1, LETTER], [0x2e0, 0x2e4, LETTER], [0x2ec, 0x2ec, LETTER],
  [0x2ee, 0x2ee, LETTER], [0x300, 0x36f, MARK],
];

/** The class bits (LETTER | NUMBER | MARK, and WIDE for a surrogate pair) of the character at `index`. */
export function classAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  // ASCII without the table: rule terms are mostly ASCII, and a cycle of 304s reads no other text.
  if (code < 0x80) return asciiClass(code);
  // The Latin blocks and the combining marks from a small table: rule terms need no more.
  if (code < LATIN_END) return (latinClasses ??= buildLatinTable())[code] ?? 0;
  if (code < 0xd800 || code > 0xdbff) return (bmpClasses ??= buildBmpTable())[code] ?? 0;
  const low = text.charCodeAt(index + 1);
  if (!(low >= 0xdc00 && low <= 0xdfff)) return 0;
  return astralClasses(text.slice(index, index + 2)) | WIDE;
}

/**
 * `classAt(text, index)` read from `codes`, the first `length` UTF-16 units of `text` copied into a
 * typed array (the analysis of a text reads each unit several times: a typed array is quicker to
 * read than a string that may be a slice or a concatenation of others).
 */
export function classAtCodes(codes: Uint16Array, length: number, index: number, text: string): number {
  const code = codes[index] as number;
  if (code < 0x80) return asciiClass(code);
  if (code < LATIN_END) return (latinClasses ??= buildLatinTable())[code] ?? 0;
  if (code < 0xd800 || code > 0xdbff) return (bmpClasses ??= buildBmpTable())[code] ?? 0;
  const low = index + 1 < length ? (codes[index + 1] as number) : -1;
  if (!(low >= 0xdc00 && low <= 0xdfff)) return 0;
  return astralClasses(text.slice(index, index + 2)) | WIDE;
}

/** Whether the UTF-16 unit `code` is `\s`: ECMAScript's white space and line terminators. */
export function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The length in UTF-16 units of a character of class `bits`. */
export function widthOf(bits: number): 1 | 2 {
  return (bits & WIDE) === 0 ? 1 : 2;
}

/** `text` without its combining marks (what is left of accents after NFKD). */
export function removeMarks(text: string): string {
  let kept = '';
  let from = 0;
  for (let index = 0; index < text.length; ) {
    const bits = classAt(text, index);
    const width = widthOf(bits);
    if ((bits & MARK) !== 0) {
      kept += text.slice(from, index);
      from = index + width;
    }
    index += width;
  }
  return from === 0 ? text : kept + text.slice(from);
}

/** `\p{L}` is A-Z and a-z in ASCII, `\p{N}` is 0-9, and no ASCII character is a mark. */
function asciiClass(code: number): number {
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return LETTER;
  return code >= 0x30 && code <= 0x39 ? NUMBER : 0;
}

function astralClasses(character: string): number {
  return (
    (ASTRAL.letter.test(character) ? LETTER : 0) |
    (ASTRAL.number.test(character) ? NUMBER : 0) |
    (ASTRAL.mark.test(character) ? MARK : 0)
  );
}

function buildLatinTable(): Uint8Array {
  const table = new Uint8Array(LATIN_END);
  for (const [first, last, bits] of LATIN_RUNS) table.fill(bits, first, last + 1);
  return table;
}

function buildBmpTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  // Every BMP character but the surrogates, in one string (position i is U+i below them, U+i+0x800
  // above); each class is one regexp pass over it, by runs: letters, numbers and marks come in long
  // ranges, and the three general categories never overlap, so a run is one fill. (At start-up, in a
  // cold process: a pass per character took about 30 ms, this about a third of it.)
  const units = new Uint16Array(0x10000 - SURROGATES_LENGTH);
  for (let index = 0; index < units.length; index += 1) units[index] = index < SURROGATES_START ? index : index + SURROGATES_LENGTH;
  let all = '';
  for (let start = 0; start < units.length; start += 4096) all += String.fromCharCode(...units.subarray(start, start + 4096));
  const passes: readonly [RegExp, number][] = [
    [/\p{L}+/gu, LETTER],
    [/\p{N}+/gu, NUMBER],
    [/\p{M}+/gu, MARK],
  ];
  for (const [pattern, bit] of passes) {
    for (let match = pattern.exec(all); match !== null; match = pattern.exec(all)) {
      const from = match.index;
      const to = from + match[0].length;
      if (from < SURROGATES_START) table.fill(bit, from, Math.min(to, SURROGATES_START));
      if (to > SURROGATES_START) table.fill(bit, Math.max(from, SURROGATES_START) + SURROGATES_LENGTH, to + SURROGATES_LENGTH);
    }
  }
  return table;
}
