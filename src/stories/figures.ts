/**
 * The figures of a text, as canonical strings: years, amounts, percentages, counts.
 * `1 499 euros` → `1499`, `3,2 %` → `3.2`, `version 3.2` → `3.2`, `deux régions` → `2`.
 * Digits glued to letters (`S3NS`, `5G`, `M365`) are part of a name, not a figure.
 */
const FIGURE = /(?<![\p{L}\p{N}.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?(?![\p{L}\p{N}]|[.,]\d)/gu;

const NUMBER_WORDS: ReadonlyMap<string, string> = new Map([
  ['deux', '2'],
  ['trois', '3'],
  ['quatre', '4'],
  ['cinq', '5'],
  ['six', '6'],
  ['sept', '7'],
  ['huit', '8'],
  ['neuf', '9'],
  ['dix', '10'],
  ['onze', '11'],
  ['douze', '12'],
  ['quinze', '15'],
  ['vingt', '20'],
  ['trente', '30'],
  ['cinquante', '50'],
  ['cent', '100'],
  ['mille', '1000'],
]);

export function figuresOf(
  text: string,
  /**
   * Where to start looking: no digit of `text` is before it (a figure starts with one; the
   * look-behind still reads the characters before it). The analysis passes its first word with a digit.
   */
  from = 0,
  /** No digit of `text` is at or after it (no figure starts there): the search stops there, not at the text's end. */
  to = text.length,
): string[] {
  const figures: string[] = [];
  // `exec` on the pattern itself (what `matchAll` does on a copy of it, with an iterator): no copy,
  // no iterator; `lastIndex` is left at 0.
  FIGURE.lastIndex = from;
  for (let match = FIGURE.exec(text); match !== null; match = FIGURE.lastIndex < to ? FIGURE.exec(text) : null) {
    const digits = match[1] ?? '';
    // Most figures have no group separator and no leading zero: nothing to remove.
    const whole = digits.length > 3 || digits.charCodeAt(0) === 0x30 ? digits.replace(/[ \u00a0\u202f]/g, '').replace(/^0+(?=\d)/, '') : digits;
    const decimals = match[2];
    const fraction = decimals === undefined ? '' : decimals.replace(/0+$/, '');
    figures.push(fraction === '' ? whole : `${whole}.${fraction}`);
  }
  FIGURE.lastIndex = 0;
  return figures;
}

/** The figure a folded number word stands for (`deux` → `2`), or undefined. */
export function numberWord(folded: string): string | undefined {
  return NUMBER_WORDS.get(folded);
}
