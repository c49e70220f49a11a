import type pg from 'pg';
import { toPostedItem, toSeenItemRecord } from '../replay-rows.js';
import type { PostedItem, SeenItemRecord } from '../store.js';
import { fromPgKey } from './pg-text.js';

interface PgSeenItemRow {
  readonly source: string;
  readonly item_id: string;
  readonly story_key: string;
  readonly first_seen_at: Date;
  readonly item_text: string;
}

/** An outbox row, or a collected digest item read as one, as PostgreSQL returns it. */
export interface PgPostedItemRow {
  readonly watch: string;
  readonly destination: string;
  readonly terms: string;
  readonly source: string;
  readonly story_key: string;
  readonly item: string;
  readonly status: string;
  readonly enqueued_at: Date;
}

/** `Store.listSeenItems` on PostgreSQL (`since` canonical, `limit` checked). */
export async function listSeenItems(pool: pg.Pool, since: string, source: string | null, limit: number): Promise<SeenItemRecord[]> {
  const { rows } = await pool.query<PgSeenItemRow>(
    `SELECT source, item_id, story_key, first_seen_at, item_text
     FROM seen_items
     WHERE item_text IS NOT NULL AND first_seen_at >= $1 AND ($2::text IS NULL OR source = $2)
     ORDER BY first_seen_at DESC, source, item_id
     LIMIT $3`,
    [since, source, limit],
  );
  return rows.map((row) =>
    toSeenItemRecord({
      ...row,
      item_id: fromPgKey(row.item_id),
      story_key: fromPgKey(row.story_key),
      first_seen_at: row.first_seen_at.toISOString(),
    }),
  );
}

/** `Store.listPostedItems` on PostgreSQL. */
export async function listPostedItems(pool: pg.Pool, since: string): Promise<PostedItem[]> {
  const { rows } = await pool.query<PgPostedItemRow>(
    `SELECT watch, destination, terms, coalesce(source, item::jsonb ->> 'source') AS source, story_key, item, status, enqueued_at
     FROM outbox
     WHERE enqueued_at >= $1
     ORDER BY id`,
    [since],
  );
  return rows.map(fromPgPostedRow);
}

/** A posted-item row from PostgreSQL: its key unescaped, its time as ISO text. */
export function fromPgPostedRow(row: PgPostedItemRow): PostedItem {
  return toPostedItem({ ...row, story_key: fromPgKey(row.story_key), enqueued_at: row.enqueued_at.toISOString() });
}
