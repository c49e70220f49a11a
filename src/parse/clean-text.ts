/**
 * Code points 0x80-0x9F as windows-1252 meant them: C1 controls in feed text are almost always
 * cp1252 punctuation that went through a Latin-1 decoder or a numeric reference such as `&#146;`.
 * The five undefined positions map to nothing.
 */
const WINDOWS_1252_C1 = '€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ';

/**
 * Runs of white space (including no-break spaces) become one space; ends are trimmed. Same result
 * as replacing every `/\s+/` run, but a lone ' ' (most of the runs in prose) is left alone instead
 * of being matched and rewritten: about 4x faster on article text.
 */
export function foldWhitespace(text: string): string {
  return text.replace(/\s{2,}|[^\S ]/g, ' ').trim();
}

/** Controls, C1, soft hyphen, zero-width characters and stray byte-order marks. */
const HAS_INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200d\u2060\ufeff]/;
const EVERY_INVISIBLE = new RegExp(HAS_INVISIBLE.source, 'g');

/** Plain text ready to show and match: invisible characters removed, C1 repaired, white space folded. */
export function cleanText(text: string): string {
  // Tested first: a replace with a function goes through V8's runtime even when nothing matches,
  // and most texts have none of these characters (about 60 ms of a first read of 1,000 sources).
  const visible = HAS_INVISIBLE.test(text) ? text.replace(EVERY_INVISIBLE, repairInvisible) : text;
  return foldWhitespace(visible);
}

function repairInvisible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x80 || code > 0x9f) return '';
  const repaired = WINDOWS_1252_C1.charAt(code - 0x80);
  return repaired === '\0' ? '' : repaired;
}
