import { createArticle } from './french-article.js';

/** An item as the story matcher takes it (the bench's own copy: the harness may load another build of the matcher). */
export interface WorkloadItem {
  readonly title: string;
  readonly summary: string;
  readonly source?: string;
}

const OUTLETS = ['LeMagIT', 'Le Monde Informatique', 'ZDNet France', 'Silicon.fr', 'Next', '01net'];

/** A teaser as feeds carry it: the first sentences of the article, not the whole body. */
export function articleItem(seed: number): WorkloadItem {
  const article = createArticle(seed);
  return { title: article.title, summary: article.summaryText.slice(0, 280), source: OUTLETS[seed % OUTLETS.length] ?? 'Next' };
}

/**
 * The new items of a cycle: most are fresh articles; every fifth is another outlet's take on an
 * item of the window (its headline behind an aggregator's suffix, no summary), so that matching
 * also attaches.
 */
export function newItem(window: readonly WorkloadItem[], index: number, seed: number): WorkloadItem {
  if (index % 5 !== 0) return articleItem(seed);
  const original = window[(index * 7919) % window.length] ?? articleItem(seed);
  return { title: `${original.title} - ${OUTLETS[index % OUTLETS.length] ?? 'Next'}`, summary: '', source: 'Google News' };
}
