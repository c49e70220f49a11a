/**
 * Word folding shared by rule terms and item text, so both sides always agree:
 * - `foldAccents` keeps the case: NFKD, combining marks removed, ligatures spelt out (œ → oe, æ → ae, ß → ss);
 * - `foldWord` is `foldAccents` then lower case: what case-insensitive terms compare.
 */

const LIGATURES: ReadonlyMap<string, string> = new Map([
  ['œ', 'oe'],
  ['Œ', 'OE'],
  ['æ', 'ae'],
  ['Æ', 'AE'],
  ['ß', 'ss'],
  ['ẞ', 'SS'],
]);
const LIGATURE = /[œŒæÆßẞ]/gu;
const COMBINING_MARK = /\p{M}/gu;
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

/** Accent-folded form that keeps the case: `Écran` → `Ecran`, `Œuvre` → `OEuvre`. */
export function foldAccents(word: string): string {
  if (ASCII_ONLY.test(word)) return word;
  return word
    .replace(LIGATURE, (ligature) => LIGATURES.get(ligature) ?? ligature)
    .normalize('NFKD')
    .replace(COMBINING_MARK, '');
}

/** Case- and accent-folded form: `Sécurité` → `securite`, `HUAWEI` → `huawei`. */
export function foldWord(word: string): string {
  return foldAccents(word).toLowerCase();
}
