import { figuresOf } from './figures.js';

/**
 * A headline without an aggregator's outlet suffix: Google News appends ` - LeMagIT`, some feeds
 * ` | Silicon.fr`. The tail is removed when it is the item's source, or when it is short (at most
 * four words, no figure) after a headline of at least four words: an outlet name, not part of the
 * sentence.
 */
const SUFFIX = /\s+[-–—|]\s+([^-–—|]+?)\s*$/u;

/** The characters the suffix's separator may be: a title with none of them has no suffix (the regular expression is not run). */
const SEPARATOR = /[-–—|]/u;

export function stripOutletSuffix(title: string, source?: string): string {
  if (!SEPARATOR.test(title)) return title;
  const match = SUFFIX.exec(title);
  if (match === null) return title;
  const tail = (match[1] ?? '').trim();
  const head = title.slice(0, match.index).trim();
  const words = (text: string): number => text.split(/\s+/u).filter((word) => word !== '').length;
  const isSource = source !== undefined && source.trim().toLowerCase() === tail.toLowerCase();
  if (isSource || (words(tail) <= 4 && words(head) >= 4 && figuresOf(tail).length === 0)) return head;
  return title;
}
