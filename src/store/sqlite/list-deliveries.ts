import type Database from 'better-sqlite3';
import { StoreError } from '../../errors/store-error.js';
import { canonicalIsoTime } from '../iso-time.js';
import type { SqliteDatabase } from './open-sqlite.js';
import { toDeliveryRecord, type DeliveryRow } from '../delivery-record.js';
import type { DeliveryFilter, DeliveryRecord } from '../store.js';

/**
 * `Store.listDeliveries` on SQLite: one statement, every filter optional (`@x IS NULL OR ...`),
 * newest first by id (the primary key walks backwards; the page is small).
 */
export const LIST_DELIVERIES_SQL = `
  SELECT id, destination, watch, terms, item, coalesce(source, json_extract(item, '$.source')) AS source,
         status, attempts, enqueued_at, next_attempt_at, last_attempt_at, finished_at, last_error
  FROM outbox
  WHERE (@watch IS NULL OR watch = @watch)
    AND (@destination IS NULL OR destination = @destination)
    AND (@status IS NULL OR status = @status)
    AND (@since IS NULL OR enqueued_at >= @since)
    AND (@until IS NULL OR enqueued_at < @until)
    AND (@beforeId IS NULL OR id < @beforeId)
  ORDER BY id DESC
  LIMIT @limit`;

type Params = {
  watch: string | null;
  destination: string | null;
  status: string | null;
  since: string | null;
  until: string | null;
  beforeId: number | null;
  limit: number;
};

const prepared = new WeakMap<SqliteDatabase, Database.Statement<[Params], DeliveryRow>>();

/** Runs the query on `db` (its statement prepared once per connection). @throws StoreError on invalid input */
export function listDeliveries(db: SqliteDatabase, path: string, filter: DeliveryFilter): DeliveryRecord[] {
  const invalid = (detail: string) => new StoreError(`listDeliveries: ${detail}`, { engine: 'sqlite', path, operation: 'listDeliveries', kind: 'invalid-input' });
  if (!Number.isInteger(filter.limit) || filter.limit < 0) throw invalid(`limit must be a non-negative integer, got ${filter.limit}`);
  const time = (value: string | undefined, field: string): string | null => {
    if (value === undefined) return null;
    const canonical = canonicalIsoTime(value);
    if (canonical === undefined) throw invalid(`${field} is not an ISO 8601 time with an offset: ${JSON.stringify(value)}`);
    return canonical;
  };
  const statement = prepared.get(db) ?? db.prepare<[Params], DeliveryRow>(LIST_DELIVERIES_SQL);
  prepared.set(db, statement);
  return statement
    .all({
      watch: filter.watch ?? null,
      destination: filter.destination ?? null,
      status: filter.status ?? null,
      since: time(filter.since, 'since'),
      until: time(filter.until, 'until'),
      beforeId: filter.beforeId ?? null,
      limit: filter.limit,
    })
    .map(toDeliveryRecord);
}
