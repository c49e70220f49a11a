import type { FeedFailureKind } from '../../errors/feed-failure-kind.js';
import type { FeedItem } from '../../parse/feed-item.js';
import { toDeliveryRecord as sharedDeliveryRecord } from '../delivery-record.js';
import { feedHintsFromColumn } from '../feed-hints-column.js';
import type { DeliveryRecord, FeedHints, OutboxEntry, SourceHealth, SourceRecord, SourceValidators } from '../store.js';

/** A row of `sources`, as node-postgres returns it (timestamptz as Date, bigint as string). */
export interface PgSourceRow {
  readonly name: string;
  readonly url: string;
  readonly seeded: boolean;
  readonly etag: string | null;
  readonly last_modified: string | null;
  readonly body_hash: string | null;
  readonly last_attempt_at: Date | null;
  readonly last_success_at: Date | null;
  readonly last_new_item_at: Date | null;
  readonly consecutive_failures: number;
  readonly last_error_kind: string | null;
  readonly last_error_message: string | null;
  readonly last_error_at: Date | null;
  readonly next_attempt_at: Date | null;
  readonly items_seen: string;
  readonly health: string;
  /** JSON (see feed-hints-column.ts). */
  readonly feed_hints?: string | null;
  /** The replica of the source's claim (joined from source_claims); absent before the migration that adds it. */
  readonly last_read_by?: string | null;
}

/** The columns of `outbox` that `dueDeliveries` reads. */
export interface PgOutboxRow {
  readonly id: string;
  readonly destination: string;
  readonly watch: string;
  readonly terms: string;
  readonly color: number | null;
  readonly item: string;
  readonly attempts: number;
  readonly enqueued_at: Date;
  readonly next_attempt_at: Date;
  readonly last_error: string | null;
}

export function toSourceRecord(row: PgSourceRow): SourceRecord {
  const validators: SourceValidators = {
    ...(row.etag !== null && { etag: row.etag }),
    ...(row.last_modified !== null && { lastModified: row.last_modified }),
    ...(row.body_hash !== null && { bodyHash: row.body_hash }),
  };
  return {
    name: row.name,
    url: row.url,
    seeded: row.seeded,
    validators,
    ...(row.last_attempt_at !== null && { lastAttemptAt: row.last_attempt_at.toISOString() }),
    ...(row.last_success_at !== null && { lastSuccessAt: row.last_success_at.toISOString() }),
    ...(row.last_new_item_at !== null && { lastNewItemAt: row.last_new_item_at.toISOString() }),
    consecutiveFailures: row.consecutive_failures,
    ...(row.last_error_kind !== null &&
      row.last_error_message !== null &&
      row.last_error_at !== null && {
        lastError: {
          // Only recordFailure writes this column, from a FeedFailureKind.
          kind: row.last_error_kind as FeedFailureKind,
          message: row.last_error_message,
          at: row.last_error_at.toISOString(),
        },
      }),
    ...(row.next_attempt_at !== null && { nextAttemptAt: row.next_attempt_at.toISOString() }),
    itemsSeen: Number(row.items_seen),
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

export function toOutboxEntry(row: PgOutboxRow): OutboxEntry {
  return {
    id: Number(row.id),
    destination: row.destination,
    watch: row.watch,
    terms: JSON.parse(row.terms) as string[],
    ...(row.color !== null && { color: row.color }),
    item: JSON.parse(row.item) as FeedItem,
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at.toISOString(),
    nextAttemptAt: row.next_attempt_at.toISOString(),
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}

export interface PgDeliveryRow {
  readonly id: string | number;
  readonly destination: string;
  readonly watch: string;
  readonly terms: string;
  readonly item: string;
  readonly source: string | null;
  readonly status: string;
  readonly attempts: number;
  readonly enqueued_at: Date;
  readonly next_attempt_at: Date;
  readonly last_attempt_at: Date | null;
  readonly finished_at: Date | null;
  readonly last_error: string | null;
}

/** PostgreSQL's Dates and bigints as the text the shared mapper takes. */
export function toDeliveryRecord(row: PgDeliveryRow): DeliveryRecord {
  const iso = (date: Date | null) => (date === null ? null : date.toISOString());
  return sharedDeliveryRecord({
    ...row,
    id: Number(row.id),
    enqueued_at: row.enqueued_at.toISOString(),
    next_attempt_at: row.next_attempt_at.toISOString(),
    last_attempt_at: iso(row.last_attempt_at),
    finished_at: iso(row.finished_at),
  });
}
