import type { FeedItem } from '../parse/feed-item.js';
import type { ItemText } from './store.js';

/**
 * How much of a summary the state keeps for replay. Rules rarely hinge on words past the first
 * paragraphs; a longer summary is cut (at a character boundary) and replay sees only this part.
 */
export const ITEM_SUMMARY_MAX_CHARS = 1000;

/** The text kept for a new item, as the JSON stored beside its seen-item record (pure). */
export function itemTextJson(item: FeedItem, postable: boolean): string {
  const text: ItemText = {
    title: item.title,
    summary: boundSummary(item.summary),
    categories: item.categories,
    ...(item.link === undefined ? {} : { link: item.link }),
    published: item.published,
    publishedFromFeed: item.publishedFromFeed,
    postable,
  };
  return JSON.stringify(text);
}

/** Reads back what `itemTextJson` wrote (pure). */
export function parseItemText(json: string): ItemText {
  return JSON.parse(json) as ItemText;
}

function boundSummary(summary: string): string {
  if (summary.length <= ITEM_SUMMARY_MAX_CHARS) return summary;
  // Do not split a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(summary.charAt(ITEM_SUMMARY_MAX_CHARS - 1)) ? ITEM_SUMMARY_MAX_CHARS - 1 : ITEM_SUMMARY_MAX_CHARS;
  return summary.slice(0, end);
}
