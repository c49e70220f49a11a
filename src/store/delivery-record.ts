import type { FeedItem } from '../parse/feed-item.js';
import type { DeliveryRecord, DeliveryStatus } from './store.js';

/** An outbox row as `listDeliveries` reads it, times as canonical ISO text (each engine converts its own). */
export interface DeliveryRow {
  readonly id: number;
  readonly destination: string;
  readonly watch: string;
  readonly terms: string;
  readonly item: string;
  readonly source: string | null;
  readonly status: string;
  readonly attempts: number;
  readonly enqueued_at: string;
  readonly next_attempt_at: string;
  readonly last_attempt_at: string | null;
  readonly finished_at: string | null;
  readonly last_error: string | null;
}

/** The one mapping from an outbox row to a `DeliveryRecord`, shared by both engines (pure). */
export function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  const item = JSON.parse(row.item) as FeedItem;
  return {
    id: row.id,
    destination: row.destination,
    watch: row.watch,
    terms: JSON.parse(row.terms) as string[],
    source: row.source ?? item.source,
    item,
    // The CHECK constraint on outbox.status allows only these.
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    enqueuedAt: row.enqueued_at,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_attempt_at !== null && { lastAttemptAt: row.last_attempt_at }),
    ...(row.finished_at !== null && { finishedAt: row.finished_at }),
    ...(row.last_error !== null && { lastError: row.last_error }),
  };
}
