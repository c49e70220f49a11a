import type { FeedItem } from '../parse/feed-item.js';
import type { ItemText } from './store.js';

/**
 * How much of a summary the state keeps for replay. Rules rarely hinge on words past the first
 * paragraphs; a longer summary is cut (at a character boundary) and replay sees only this part.
 */
export const ITEM_SUMMARY_MAX_CHARS = 1000;

/** The text kept for a new item, as the JSON stored beside its seen-item record (pure). */
export function itemTextJson(item: FeedItem, postable: boolean): string {
  // Property by property (the same keys in the same order as a literal with a spread link): a
  // spread builds and copies two more objects per item, for each of a first read's items.
  const text = {} as { -readonly [K in keyof ItemText]: ItemText[K] };
  text.title = item.title;
  text.summary = boundSummary(item.summary);
  text.categories = item.categories;
  if (item.link !== undefined) text.link = item.link;
  text.published = item.published;
  text.publishedFromFeed = item.publishedFromFeed;
  text.postable = postable;
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
