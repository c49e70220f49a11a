import { foldAccents } from './fold.js';

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

const MODIFIER_APOSTROPHE = 'ʼ';
const WORD_WITH_APOSTROPHES = /[\p{L}\p{N}\p{M}]+(?:['’‘][\p{L}\p{N}\p{M}]+)*/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
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
  // U+02BC is a letter for \p{L} but an apostrophe in practice; same length, so offsets hold.
  const source = text.includes(MODIFIER_APOSTROPHE) ? text.replaceAll(MODIFIER_APOSTROPHE, "'") : text;
  for (const run of source.matchAll(WORD_WITH_APOSTROPHES)) {
    const runText = run[0];
    const runStart = run.index;
    if (!/['’‘]/u.test(runText)) {
      tokens.push(makeToken(runText, runStart));
      continue;
    }
    const parts = [...runText.matchAll(WORD)].map((part) => makeToken(part[0], runStart + part.index));
    let first = 0;
    let last = parts.length;
    while (last - first > 1 && ELISIONS.has(parts[first]?.folded ?? '')) first += 1;
    if (last - first > 1 && parts[last - 1]?.folded === 's') last -= 1;
    for (let index = first; index < last; index += 1) {
      const part = parts[index];
      if (part !== undefined) tokens.push(part);
    }
  }
  return tokens;
}

function makeToken(word: string, start: number): Token {
  const cased = foldAccents(word);
  return { folded: cased.toLowerCase(), cased, start, end: start + word.length };
}
