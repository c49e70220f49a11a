/**
 * A normalized feed item: plain, JSON-serialisable values that every stage after normalize works on
 * (dedupe, match, outbox payload, render).
 */
export interface FeedItem {
  /** Stable id within its source: guid, else normalized link, else hash of title + summary. */
  readonly id: string;
  /** Cross-source story identity: the normalized link when there is one, else `source + id`. */
  readonly storyKey: string;
  /** Name of the configured source the item came from. */
  readonly source: string;
  /** Trimmed, whitespace-folded plain-text title ('' when the feed gave none). */
  readonly title: string;
  /** Absolute http(s) link, resolved against the feed URL; absent when the item has none. */
  readonly link?: string;
  /** Plain text from the item's HTML description/content: tags stripped, entities decoded, whitespace folded. */
  readonly summary: string;
  readonly categories: readonly string[];
  /** ISO 8601 UTC. The feed's date when it parsed, else the time the item was first seen. */
  readonly published: string;
  /** False when `published` is the first-seen time because the feed had no usable date. */
  readonly publishedFromFeed: boolean;
}
