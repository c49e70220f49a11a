import { detachedString } from './detached-string.js';
import type { FeedItem } from './feed-item.js';
import { htmlToText, inlineHtmlToText } from './html-to-text.js';
import type { IdentifiedEntry } from './identify-entries.js';
import { parseFeedDate } from './parse-feed-date.js';

/** Longest summary kept, in characters (cut on a word boundary, with an ellipsis). */
export const SUMMARY_MAX_LENGTH = 2000;

/** A feed date further ahead than this is wrong (a bad zone is at most ~14 hours off). */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

export interface NormalizeContext {
  readonly source: string;
  /** First-seen time: stands in for a missing, unreadable or far-future date. */
  readonly now: Date;
}

/**
 * The plain-text FeedItem of an identified entry: title and categories with markup removed and
 * entities decoded, summary from the short form (description/summary) before the full content,
 * published date read tolerantly.
 */
export function normalizeEntry(entry: IdentifiedEntry, ctx: NormalizeContext): FeedItem {
  const { entry: parsed } = entry;
  const published = publishedTime(parsed.date, ctx.now);
  // Built from an empty object, not a literal with properties: see newParsedEntry (an item waits for
  // its commit, so V8 pretenures a literal's site, and the item's strings then outlive it until the
  // next full collection). The texts are copied out of the document, which the item would
  // otherwise keep whole (see detachedString). Same properties, same order as a literal.
  const item = {} as { -readonly [K in keyof FeedItem]: FeedItem[K] };
  item.id = entry.id;
  item.storyKey = entry.storyKey;
  item.source = ctx.source;
  item.title = parsed.title === undefined ? '' : detachedString(inlineHtmlToText(parsed.title));
  if (entry.link !== undefined) item.link = entry.link;
  item.summary = detachedString(summaryText(parsed.summaryHtml, parsed.contentHtml));
  item.categories = uniqueCategories(parsed.categories);
  item.published = new Date(published.time).toISOString();
  item.publishedFromFeed = published.fromFeed;
  return item;
}

function summaryText(summaryHtml: string | undefined, contentHtml: string | undefined): string {
  const summary = summaryHtml === undefined ? '' : htmlToText(summaryHtml, SUMMARY_MAX_LENGTH);
  if (summary !== '' || contentHtml === undefined) return summary;
  return htmlToText(contentHtml, SUMMARY_MAX_LENGTH);
}

function uniqueCategories(categories: readonly string[]): string[] {
  const seen = new Set<string>();
  // Not `[]`: an array literal has an allocation site V8 may pretenure (see normalizeEntry).
  const unique = Array.of<string>();
  for (const category of categories) {
    const text = inlineHtmlToText(category);
    const key = text.toLowerCase();
    if (text === '' || seen.has(key)) continue;
    seen.add(key);
    unique.push(detachedString(text));
  }
  return unique;
}

function publishedTime(date: string | undefined, now: Date): { time: number; fromFeed: boolean } {
  const time = date === undefined ? undefined : parseFeedDate(date);
  if (time === undefined || time > now.getTime() + FUTURE_TOLERANCE_MS) return { time: now.getTime(), fromFeed: false };
  return { time, fromFeed: true };
}
