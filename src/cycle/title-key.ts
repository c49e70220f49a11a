import { foldWord } from '../match/fold.js';

/** Titles shorter than this (in words) are too generic to identify a story ("Édito", "En bref"). */
export const MIN_TITLE_KEY_WORDS = 4;

/** Aggregators whose titles end with " - Outlet" (Google News): the suffix is not part of the story. */
const OUTLET_SUFFIX_HOSTS = new Set(['news.google.com']);

/**
 * A key that is the same for one story's headline wherever it is published: case, accents and
 * punctuation folded, an aggregator's " - Outlet" suffix removed (pure). Undefined for short titles.
 * It lets the same story seen through an aggregator (whose links are redirects) and through the
 * outlet's own feed be posted once.
 */
export function titleKey(title: string, feedUrl: string): string | undefined {
  let text = title;
  if (OUTLET_SUFFIX_HOSTS.has(hostOf(feedUrl))) text = text.replace(/\s+[-–—]\s+[^-–—]{1,80}$/u, '');
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .map(foldWord);
  return words.length < MIN_TITLE_KEY_WORDS ? undefined : `title:${words.join(' ')}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
