/**
 * Word folding shared by rule terms and item text, so both sides always agree:
 * - `foldAccents` keeps the case: NFKD, combining marks removed, ligatures spelt out (œ → oe, æ → ae, ß → ss);
 * - `foldWord` is `foldAccents` then lower case: what case-insensitive terms compare.
 */
import { removeMarks } from './char-class.js';

const LIGATURES: ReadonlyMap<string, string> = new Map([
  ['œ', 'oe'],
  ['Œ', 'OE'],
  ['æ', 'ae'],
  ['Æ', 'AE'],
  ['ß', 'ss'],
  ['ẞ', 'SS'],
]);
const LIGATURE = /[œŒæÆßẞ]/g;
/** Characters below this (ASCII and the Latin blocks: all of French) fold one by one from a table. */
const LATIN_END = 0x250;
/**
 * The fold of each of those characters, made the first time one is folded: folding all of them
 * would need the character classes of the whole BMP (see char-class.ts), which a process that
 * reads no text (a cycle of 304s) never builds.
 */
const latinFolds: (string | undefined)[] = new Array<string | undefined>(LATIN_END).fill(undefined);

/** Accent-folded form that keeps the case: `Écran` → `Ecran`, `Œuvre` → `OEuvre`. */
export function foldAccents(word: string): string {
  // NFKD only decomposes and reorders marks, which are then removed: a word of Latin characters
  // folds character by character. Anything else (a combining mark, Greek...) takes the full path.
  let index = 0;
  while (index < word.length && word.charCodeAt(index) < 0x80) index += 1;
  if (index === word.length) return word;
  let folded = word.slice(0, index);
  for (; index < word.length; index += 1) {
    const code = word.charCodeAt(index);
    if (code >= LATIN_END) return foldSlowly(word);
    folded += code < 0x80 ? word[index] : (latinFolds[code] ??= foldSlowly(String.fromCharCode(code)));
  }
  return folded;
}

function foldSlowly(word: string): string {
  return removeMarks(word.replace(LIGATURE, (ligature) => LIGATURES.get(ligature) ?? ligature).normalize('NFKD'));
}

/** Case- and accent-folded form: `Sécurité` → `securite`, `HUAWEI` → `huawei`. */
export function foldWord(word: string): string {
  return foldAccents(word).toLowerCase();
}
