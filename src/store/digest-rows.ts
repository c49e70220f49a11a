import type { FeedItem } from '../parse/feed-item.js';
import type { DigestEntry, DigestEntryState } from './store.js';

/** A row of `digest_items` as both engines read it (PostgreSQL's Dates and bigints converted first). */
export interface DigestItemRow {
  readonly id: number;
  readonly watch: string;
  readonly destination: string;
  readonly source: string;
  readonly terms: string;
  readonly color: number | null;
  readonly item: string;
  readonly collected_at: string;
  readonly state: string;
  readonly period: string | null;
}

/** The one mapping of a collected item to a `DigestEntry`, shared by the engines. */
export function toDigestEntry(row: DigestItemRow): DigestEntry {
  return {
    id: row.id,
    watch: row.watch,
    destination: row.destination,
    source: row.source,
    terms: JSON.parse(row.terms) as string[],
    ...(row.color === null ? {} : { color: row.color }),
    item: JSON.parse(row.item) as FeedItem,
    collectedAt: row.collected_at,
    state: row.state as DigestEntryState,
    ...(row.period === null ? {} : { period: row.period }),
  };
}
