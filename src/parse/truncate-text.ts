const ELLIPSIS = '…';

/** A cut closer to the start than this share of the limit would lose too much: cut mid-word. */
const MIN_WORD_CUT_SHARE = 0.6;

/**
 * At most `maxLength` characters, cut at a word boundary with an ellipsis when the text is longer.
 * Never splits a surrogate pair.
 */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = text.slice(0, Math.max(0, maxLength - ELLIPSIS.length));
  const endsOnBoundary = /\s/.test(text.charAt(cut.length));
  const lastSpace = cut.lastIndexOf(' ');
  if (!endsOnBoundary && lastSpace >= maxLength * MIN_WORD_CUT_SHARE) cut = cut.slice(0, lastSpace);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut.trimEnd() + ELLIPSIS;
}
