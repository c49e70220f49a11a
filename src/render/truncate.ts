/**
 * Length-limited text on grapheme boundaries.
 *
 * Lengths are counted in UTF-16 code units (`string.length`). Discord and Slack document their
 * limits in "characters"; a code-unit count is never smaller than a code-point count, so a text
 * that fits in code units also fits however the platform counts.
 */

export const ELLIPSIS = '…';

// Immutable and stateless: safe to share. Made on first use: building ICU's segmenter costs about
// 15 ms, which a process that renders nothing (a seeding `veille once`) need not pay.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/** The grapheme clusters of `text` (a flag, an accented letter written with a combining mark, a ZWJ emoji each count as one). */
export function splitGraphemes(text: string): string[] {
  return Array.from(graphemes().segment(text), (s) => s.segment);
}

function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
}

/**
 * `text` unchanged when it fits in `limit` code units; otherwise its longest prefix of whole
 * graphemes (trailing whitespace removed) followed by `ellipsis`, the whole within `limit`.
 */
export function truncate(text: string, limit: number, ellipsis: string = ELLIPSIS): string {
  assertLimit(limit);
  if (text.length <= limit) return text;
  if (ellipsis.length > limit) return '';
  const budget = limit - ellipsis.length;
  let out = '';
  for (const { segment } of graphemes().segment(text)) {
    if (out.length + segment.length > budget) break;
    out += segment;
  }
  return out.trimEnd() + ellipsis;
}

/**
 * Escapes `raw` with `escape` and fits the result in `limit` code units: when the escaped text is
 * too long, the RAW text is cut on a grapheme boundary before escaping (so an escape sequence such
 * as `\*` or `&amp;` is never split) and `ellipsis` is appended. Escaping may lengthen the text by a
 * different amount per grapheme, hence the search for the longest prefix that fits. `escape` must
 * never shorten its input.
 */
export function fitEscaped(
  raw: string,
  escape: (text: string) => string,
  limit: number,
  ellipsis: string = ELLIPSIS,
): string {
  assertLimit(limit);
  const full = escape(raw);
  if (full.length <= limit) return full;
  if (ellipsis.length > limit) return '';
  // End offsets of the first graphemes; a prefix of `limit` graphemes or more cannot fit.
  const prefixEnd: number[] = [0];
  for (const { index, segment } of graphemes().segment(raw)) {
    if (prefixEnd.length > limit) break;
    prefixEnd.push(index + segment.length);
  }
  const candidate = (count: number): string => {
    const prefix = raw.slice(0, prefixEnd[count] ?? 0).trimEnd();
    return prefix === '' ? ellipsis : escape(prefix) + ellipsis;
  };
  // Invariant: candidate(lo) fits (candidate(0) is the bare ellipsis); candidate(hi) does not, or
  // hi is past the graphemes considered.
  let lo = 0;
  let hi = prefixEnd.length;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (candidate(mid).length <= limit) lo = mid;
    else hi = mid;
  }
  return candidate(lo);
}
