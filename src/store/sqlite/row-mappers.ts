import type { FeedFailureKind } from '../../errors/feed-failure-kind.js';
import type { FeedItem } from '../../parse/feed-item.js';
import { feedHintsFromColumn } from '../feed-hints-column.js';
import type { OutboxEntry, SourceHealth, SourceRecord, SourceValidators } from '../store.js';

/** A row of `sources`, as better-sqlite3 returns it (`SELECT *`: copying a state elsewhere). */
export interface SourceRow {
  readonly name: string;
  readonly url: string;
  readonly seeded: number;
  readonly etag: string | null;
  readonly last_modified: string | null;
  readonly body_hash: string | null;
  readonly last_attempt_at: string | null;
  readonly last_success_at: string | null;
  readonly last_new_item_at: string | null;
  readonly consecutive_failures: number;
  readonly last_error_kind: string | null;
  readonly last_error_message: string | null;
  readonly last_error_at: string | null;
  readonly next_attempt_at: string | null;
  readonly items_seen: number;
  readonly health: string;
  /** JSON (see feed-hints-column.ts); absent before the migration that adds it. */
  readonly feed_hints?: string | null;
  /** The replica of the source's claim (joined from source_claims); absent before the migration that adds it. */
  readonly last_read_by?: string | null;
}

/**
 * What a source's record is read from, in the order of `SourceRecordRow` (the statements select it as raw
 * rows: better-sqlite3 then builds an array per row instead of an object of 18 named properties,
 * which with the mapping below took 7.2-8.2 ms for 1,000 sources in a fresh process, against
 * 4.1-4.8 now; docs/benchmark.md, "Tenth pass, the store").
 */
export const SOURCE_COLUMNS =
  's.name, s.url, s.seeded, s.etag, s.last_modified, s.body_hash, s.last_attempt_at, s.last_success_at, s.last_new_item_at, ' +
  's.consecutive_failures, s.last_error_kind, s.last_error_message, s.last_error_at, s.next_attempt_at, s.items_seen, s.health, ' +
  's.feed_hints, c.replica';

/** A raw row of `SOURCE_COLUMNS` (`sources` joined with its claim in `source_claims`, `c`). */
export type SourceRecordRow = readonly [
  name: string,
  url: string,
  seeded: number,
  etag: string | null,
  lastModified: string | null,
  bodyHash: string | null,
  lastAttemptAt: string | null,
  lastSuccessAt: string | null,
  lastNewItemAt: string | null,
  consecutiveFailures: number,
  lastErrorKind: string | null,
  lastErrorMessage: string | null,
  lastErrorAt: string | null,
  nextAttemptAt: string | null,
  itemsSeen: number,
  health: string,
  /** JSON (see feed-hints-column.ts). */
  feedHints: string | null,
  /** The replica of the source's claim. */
  lastReadBy: string | null,
];

/** The columns of `outbox` that `dueDeliveries` reads. */
export interface OutboxRow {
  readonly id: number;
  readonly destination: string;
  readonly watch: string;
  readonly terms: string;
  readonly color: number | null;
  readonly item: string;
  readonly attempts: number;
  readonly enqueued_at: string;
  readonly next_attempt_at: string;
  readonly last_error: string | null;
}

export function toSourceRecord(row: SourceRecordRow): SourceRecord {
  // Properties set one by one, in the order the record always had (a spread of `cond && {…}` per
  // optional field cost as much as reading the row).
  const validators: { -readonly [K in keyof SourceValidators]: SourceValidators[K] } = {};
  if (row[3] !== null) validators.etag = row[3];
  if (row[4] !== null) validators.lastModified = row[4];
  if (row[5] !== null) validators.bodyHash = row[5];
  const record: { -readonly [K in keyof SourceRecord]: SourceRecord[K] } = { name: row[0], url: row[1], seeded: row[2] === 1, validators, consecutiveFailures: 0, itemsSeen: 0, health: 'ok' };
  if (row[6] !== null) record.lastAttemptAt = row[6];
  if (row[7] !== null) record.lastSuccessAt = row[7];
  if (row[8] !== null) record.lastNewItemAt = row[8];
  record.consecutiveFailures = row[9];
  // Only recordFailure writes these columns, the kind from a FeedFailureKind.
  if (row[10] !== null && row[11] !== null && row[12] !== null) record.lastError = { kind: row[10] as FeedFailureKind, message: row[11], at: row[12] };
  if (row[13] !== null) record.nextAttemptAt = row[13];
  record.itemsSeen = row[14];
  // Only transitionSourceHealth writes this column, from a SourceHealth (CHECK constraint too).
  record.health = row[15] as SourceHealth;
  const feedHints = feedHintsFromColumn(row[16]);
  if (feedHints !== undefined) record.feedHints = feedHints;
  if (row[17] !== null) record.lastReadBy = row[17];
  return record;
}

export function toOutboxEntry(row: OutboxRow): OutboxEntry {
  return {
    id: row.id,
    destination: row.destination,
    watch: row.watch,
    terms: JSON.parse(row.terms) as string[],
    ...(row.color !== null && { color: row.color }),
    item: JSON.parse(row.item) as FeedItem,
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}
