import type pg from 'pg';
import { countOrphans } from '../digest-orphans.js';
import type { DigestPair, OrphanDigestCount, PostedItem } from '../store.js';
import { fromPgPostedRow, type PgPostedItemRow } from './replay-queries.js';

/** `Store.listCollectedItems` on PostgreSQL (`since` canonical): as SQLite's (src/store/sqlite/digest-leftover-statements.ts). */
export async function listCollectedItems(pool: pg.Pool, since: string): Promise<PostedItem[]> {
  const { rows } = await pool.query<PgPostedItemRow>(
    `SELECT watch, destination, terms, source, story_key, item,
       CASE state WHEN 'sent' THEN 'delivered' WHEN 'failed' THEN 'failed' ELSE 'pending' END AS status,
       collected_at AS enqueued_at
     FROM digest_items
     WHERE collected_at >= $1
     ORDER BY id`,
    [since],
  );
  return rows.map(fromPgPostedRow);
}

/** `Store.expireOrphanDigests` on PostgreSQL (times canonical, `reason` safe for text). */
export async function expireOrphanDigests(pool: pg.Pool, keep: readonly DigestPair[], before: string, at: string, reason: string): Promise<OrphanDigestCount[]> {
  const { rows } = await pool.query<DigestPair>(
    `UPDATE digest_items SET state = 'failed', finished_at = $4, last_error = $5
     WHERE state IN ('waiting', 'claimed') AND collected_at < $3
       AND NOT EXISTS (
         SELECT 1 FROM unnest($1::text[], $2::text[]) AS pair (watch, destination)
         WHERE pair.watch = digest_items.watch AND pair.destination = digest_items.destination
       )
     RETURNING watch, destination`,
    [keep.map((pair) => pair.watch), keep.map((pair) => pair.destination), before, at, reason],
  );
  return countOrphans(rows);
}
