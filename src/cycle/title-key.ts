import { LETTER, NUMBER, classAt, widthOf } from '../match/char-class.js';
import { foldWord } from '../match/fold.js';

/** Titles shorter than this (in words) are too generic to identify a story ("Édito", "En bref"). */
export const MIN_TITLE_KEY_WORDS = 4;

/** Aggregators whose titles end with " - Outlet" (Google News): the suffix is not part of the story. */
const OUTLET_SUFFIX_HOSTS = new Set(['news.google.com']);

/**
 * The headline key for the titles of one feed (its URL is read once, not once per title): a key
 * that is the same for one story's headline wherever it is published: case, accents and
 * punctuation folded, an aggregator's " - Outlet" suffix removed (pure). Undefined for short titles.
 * It lets the same story seen through an aggregator (whose links are redirects) and through the
 * outlet's own feed be posted once.
 */
export function titleKeysOf(feedUrl: string): (title: string) => string | undefined {
  const outletSuffix = OUTLET_SUFFIX_HOSTS.has(hostOf(feedUrl));
  return (title) => {
    const text = outletSuffix ? title.replace(/\s+[-–—]\s+[^-–—]{1,80}$/u, '') : title;
    const words = lettersAndDigitsRuns(text).map(foldWord);
    return words.length < MIN_TITLE_KEY_WORDS ? undefined : `title:${words.join(' ')}`;
  };
}

/** The runs of letters and digits of `text` (what splitting on /[^\p{L}\p{N}]+/u leaves). */
function lettersAndDigitsRuns(text: string): string[] {
  const runs: string[] = [];
  let start = -1;
  for (let index = 0; index < text.length; ) {
    const bits = classAt(text, index);
    if ((bits & (LETTER | NUMBER)) !== 0) {
      if (start === -1) start = index;
    } else if (start !== -1) {
      runs.push(text.slice(start, index));
      start = -1;
    }
    index += widthOf(bits);
  }
  if (start !== -1) runs.push(text.slice(start));
  return runs;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
