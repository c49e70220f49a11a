import type { FeedItem } from '../parse/feed-item.js';
import { parseItemText } from './item-text.js';
import type { DeliveryStatus, PostedItem, SeenItemRecord } from './store.js';

/** A seen item with its text as `listSeenItems` reads it, times as canonical ISO text. */
export interface SeenItemRow {
  readonly source: string;
  readonly item_id: string;
  readonly story_key: string;
  readonly first_seen_at: string;
  readonly item_text: string;
}

/** An outbox row as `listPostedItems` reads it. */
export interface PostedItemRow {
  readonly watch: string;
  readonly destination: string;
  readonly terms: string;
  readonly source: string;
  readonly story_key: string;
  readonly item: string;
  readonly status: string;
  readonly enqueued_at: string;
}

/** Shared by both engines (pure); keys arrive unescaped. */
export function toSeenItemRecord(row: SeenItemRow): SeenItemRecord {
  return { source: row.source, id: row.item_id, storyKey: row.story_key, firstSeenAt: row.first_seen_at, text: parseItemText(row.item_text) };
}

export function toPostedItem(row: PostedItemRow): PostedItem {
  return {
    watch: row.watch,
    destination: row.destination,
    terms: JSON.parse(row.terms) as string[],
    source: row.source,
    storyKey: row.story_key,
    item: JSON.parse(row.item) as FeedItem,
    // The CHECK constraint on outbox.status allows only these.
    status: row.status as DeliveryStatus,
    enqueuedAt: row.enqueued_at,
  };
}
