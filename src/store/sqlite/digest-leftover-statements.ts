import type Database from 'better-sqlite3';
import type { PostedItemRow } from '../replay-rows.js';
import type { SqliteDatabase } from './open-sqlite.js';

/** `Store.listCollectedItems` on SQLite: every state, oldest first, as replay reads the outbox. */
export const LIST_COLLECTED_ITEMS_SQL = `
  SELECT watch, destination, terms, source, story_key, item,
    CASE state WHEN 'sent' THEN 'delivered' WHEN 'failed' THEN 'failed' ELSE 'pending' END AS status,
    collected_at AS enqueued_at
  FROM digest_items
  WHERE collected_at >= @since
  ORDER BY id`;

/** `Store.expireOrphanDigests` on SQLite: `keep` is a JSON array of [watch, destination] pairs. */
export const EXPIRE_ORPHAN_DIGESTS_SQL = `
  UPDATE digest_items SET state = 'failed', finished_at = @at, last_error = @reason
  WHERE state IN ('waiting', 'claimed') AND collected_at < @before
    AND NOT EXISTS (
      SELECT 1 FROM json_each(@keep) AS pair
      WHERE json_extract(pair.value, '$[0]') = digest_items.watch AND json_extract(pair.value, '$[1]') = digest_items.destination
    )
  RETURNING watch, destination`;

interface Statements {
  readonly collected: Database.Statement<[{ since: string }], PostedItemRow>;
  readonly expireOrphans: Database.Statement<[{ keep: string; before: string; at: string; reason: string }], { watch: string; destination: string }>;
}

const prepared = new WeakMap<SqliteDatabase, Statements>();

/** The digest leftover statements of `db`, prepared once per connection (after the digest migration). */
export function digestLeftoverStatements(db: SqliteDatabase): Statements {
  const existing = prepared.get(db);
  if (existing !== undefined) return existing;
  const statements: Statements = { collected: db.prepare(LIST_COLLECTED_ITEMS_SQL), expireOrphans: db.prepare(EXPIRE_ORPHAN_DIGESTS_SQL) };
  prepared.set(db, statements);
  return statements;
}
