import type { FeedFailureKind } from '../../errors/feed-failure-kind.js';
import type { FeedItem } from '../../parse/feed-item.js';
import { feedHintsFromColumn } from '../feed-hints-column.js';
import type { FeedHints, OutboxEntry, SourceHealth, SourceRecord, SourceValidators } from '../store.js';

/** A row of `sources`, as better-sqlite3 returns it. */
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

export function toSourceRecord(row: SourceRow): SourceRecord {
  const validators: SourceValidators = {
    ...(row.etag !== null && { etag: row.etag }),
    ...(row.last_modified !== null && { lastModified: row.last_modified }),
    ...(row.body_hash !== null && { bodyHash: row.body_hash }),
  };
  return {
    name: row.name,
    url: row.url,
    seeded: row.seeded === 1,
    validators,
    ...(row.last_attempt_at !== null && { lastAttemptAt: row.last_attempt_at }),
    ...(row.last_success_at !== null && { lastSuccessAt: row.last_success_at }),
    ...(row.last_new_item_at !== null && { lastNewItemAt: row.last_new_item_at }),
    consecutiveFailures: row.consecutive_failures,
    ...(row.last_error_kind !== null &&
      row.last_error_message !== null &&
      row.last_error_at !== null && {
        lastError: {
          // Only recordFailure writes this column, from a FeedFailureKind.
          kind: row.last_error_kind as FeedFailureKind,
          message: row.last_error_message,
          at: row.last_error_at,
        },
      }),
    ...(row.next_attempt_at !== null && { nextAttemptAt: row.next_attempt_at }),
    itemsSeen: row.items_seen,
    // Only transitionSourceHealth writes this column, from a SourceHealth (CHECK constraint too).
    health: row.health as SourceHealth,
    ...feedHintsField(row.feed_hints),
    ...(row.last_read_by !== null && row.last_read_by !== undefined && { lastReadBy: row.last_read_by }),
  };
}

function feedHintsField(column: string | null | undefined): { feedHints?: FeedHints } {
  const feedHints = feedHintsFromColumn(column);
  return feedHints === undefined ? {} : { feedHints };
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
