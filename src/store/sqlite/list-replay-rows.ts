import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './open-sqlite.js';
import type { PostedItemRow, SeenItemRow } from '../replay-rows.js';

/** `Store.listSeenItems` on SQLite: newest first, the text column's partial index serves `since`. */
export const LIST_SEEN_ITEMS_SQL = `
  SELECT source, item_id, story_key, first_seen_at, item_text
  FROM seen_items INDEXED BY seen_items_first_seen_at
  WHERE item_text IS NOT NULL AND first_seen_at >= @since AND (@source IS NULL OR source = @source)
  ORDER BY first_seen_at DESC, source, item_id
  LIMIT @limit`;

/** `Store.listPostedItems` on SQLite: oldest first. */
export const LIST_POSTED_ITEMS_SQL = `
  SELECT watch, destination, terms, coalesce(source, json_extract(item, '$.source')) AS source, story_key, item, status, enqueued_at
  FROM outbox
  WHERE enqueued_at >= @since
  ORDER BY id`;

interface Statements {
  readonly seen: Database.Statement<[{ since: string; source: string | null; limit: number }], SeenItemRow>;
  readonly posted: Database.Statement<[{ since: string }], PostedItemRow>;
}

const prepared = new WeakMap<SqliteDatabase, Statements>();

/** The replay statements of `db`, prepared once per connection. */
export function replayStatements(db: SqliteDatabase): Statements {
  const existing = prepared.get(db);
  if (existing !== undefined) return existing;
  const statements: Statements = {
    seen: db.prepare(LIST_SEEN_ITEMS_SQL),
    posted: db.prepare(LIST_POSTED_ITEMS_SQL),
  };
  prepared.set(db, statements);
  return statements;
}
