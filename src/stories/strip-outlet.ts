import { isSpace } from '../match/char-class.js';
import { figuresOf } from './figures.js';

/**
 * A headline without an aggregator's outlet suffix: Google News appends ` - LeMagIT`, some feeds
 * ` | Silicon.fr`. The tail is removed when it is the item's source, or when it is short (at most
 * four words, no figure) after a headline of at least four words: an outlet name, not part of the
 * sentence. The headline returned without a suffix is its first characters, trimmed (the story
 * analysis reuses the units it read of the whole headline).
 */
const SUFFIX = /\s+[-–—|]\s+([^-–—|]+?)\s*$/u;

export function stripOutletSuffix(
  title: string,
  source?: string,
  /** The title's UTF-16 units when the caller has read them already (`units[i]` is `title.charCodeAt(i)`). */
  units: ArrayLike<number> = unitsOf(title),
): string {
  if (!hasSpacedSeparator(units, title.length)) return title;
  const match = SUFFIX.exec(title);
  if (match === null) return title;
  const tail = (match[1] ?? '').trim();
  const head = title.slice(0, match.index).trim();
  const isSource = source !== undefined && source.trim().toLowerCase() === tail.toLowerCase();
  if (isSource || (wordCount(tail, 5) <= 4 && wordCount(head, 4) >= 4 && figuresOf(tail).length === 0)) return head;
  return title;
}

/**
 * How many words `text` has: runs of characters other than white space (what
 * `text.split(/\s+/u).filter((word) => word !== '').length` counts), counted in place: no array
 * of words per headline with a suffix; at most `limit` (what the comparisons need: the count
 * stops there).
 */
export function wordCount(text: string, limit = Number.POSITIVE_INFINITY): number {
  let count = 0;
  let inWord = false;
  for (let index = 0; index < text.length && count < limit; index += 1) {
    const space = isSpace(text.charCodeAt(index));
    if (!space && !inWord) count += 1;
    inWord = !space;
  }
  return count;
}

/**
 * Whether a title (its first `length` UTF-16 units) has a separator between two white spaces
 * (`SUFFIX` needs one): most titles do not, and the regular expression is not run for them.
 */
function hasSpacedSeparator(units: ArrayLike<number>, length: number): boolean {
  for (let index = 1; index < length - 1; index += 1) {
    const code = units[index] as number;
    if ((code === 0x2d || code === 0x2013 || code === 0x2014 || code === 0x7c) && isSpace(units[index - 1] as number) && isSpace(units[index + 1] as number)) return true;
  }
  return false;
}

function unitsOf(text: string): Uint16Array {
  const units = new Uint16Array(text.length);
  for (let index = 0; index < text.length; index += 1) units[index] = text.charCodeAt(index);
  return units;
}
