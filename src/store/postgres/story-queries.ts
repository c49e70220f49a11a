import type pg from 'pg';
import type { StoryPost, StoryWindowItem } from '../store.js';
import { toStoryPost, toStoryWindowItem, type StoryItemRow, type StoryPostRow } from '../story-rows.js';
import { fromPgKey, pgKey, pgMessage } from './pg-text.js';

/** Story grouping (issue 14) on PostgreSQL: `story_items` and `story_posts`. Times are canonical ISO strings. */

interface PgStoryItemRow extends Omit<StoryItemRow, 'added_at'> {
  readonly added_at: Date;
}

interface PgStoryPostRow extends Omit<StoryPostRow, 'updated_at'> {
  readonly updated_at: Date;
}

function fromItemRow(row: PgStoryItemRow): StoryWindowItem {
  return toStoryWindowItem({ ...row, story_key: fromPgKey(row.story_key), story_id: fromPgKey(row.story_id), added_at: row.added_at.toISOString() });
}

export async function addStoryItems(pool: pg.Pool, items: readonly StoryWindowItem[]): Promise<void> {
  if (items.length === 0) return;
  // One statement: the rows travel as one JSON array, inserted in its order (seq follows it).
  const rows = items.map((item) => ({
    k: pgKey(item.storyKey),
    s: pgKey(item.storyId),
    a: item.addedAt,
    t: pgMessage(item.title),
    m: pgMessage(item.summary),
    o: pgMessage(item.source),
    g: JSON.stringify(item.grouped),
  }));
  await pool.query(
    `INSERT INTO story_items (story_key, story_id, added_at, title, summary, source, grouped)
     SELECT r.k, r.s, r.a, r.t, r.m, r.o, r.g
     FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (k text, s text, a timestamptz, t text, m text, o text, g text)) WITH ORDINALITY AS r(k, s, a, t, m, o, g, n)
     ORDER BY n
     ON CONFLICT (story_key) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

export async function listStoryItems(pool: pg.Pool, since: string): Promise<StoryWindowItem[]> {
  const { rows } = await pool.query<PgStoryItemRow>('SELECT * FROM story_items WHERE added_at >= $1 ORDER BY added_at, seq', [since]);
  return rows.map(fromItemRow);
}

export async function storyItemsByKey(pool: pg.Pool, storyKeys: readonly string[]): Promise<Map<string, StoryWindowItem>> {
  if (storyKeys.length === 0) return new Map();
  const { rows } = await pool.query<PgStoryItemRow>('SELECT * FROM story_items WHERE story_key = ANY($1::text[])', [storyKeys.map(pgKey)]);
  return new Map(rows.map((row) => {
    const item = fromItemRow(row);
    return [item.storyKey, item];
  }));
}

export async function getStoryPost(pool: pg.Pool, destination: string, storyId: string): Promise<StoryPost | undefined> {
  const { rows } = await pool.query<PgStoryPostRow>('SELECT * FROM story_posts WHERE destination = $1 AND story_id = $2', [destination, pgKey(storyId)]);
  const row = rows[0];
  return row === undefined ? undefined : toStoryPost({ ...row, story_id: fromPgKey(row.story_id), updated_at: row.updated_at.toISOString() });
}

export async function saveStoryPost(pool: pg.Pool, post: StoryPost, updatedAt: string): Promise<void> {
  await pool.query(
    `INSERT INTO story_posts (destination, story_id, ref, lead, also, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (destination, story_id) DO UPDATE SET ref = excluded.ref, lead = excluded.lead, also = excluded.also, updated_at = excluded.updated_at`,
    [post.destination, pgKey(post.storyId), JSON.stringify(post.ref), JSON.stringify(post.lead), JSON.stringify(post.also), updatedAt],
  );
}

export async function pruneStories(pool: pg.Pool, before: string): Promise<{ items: number; posts: number }> {
  const items = await pool.query('DELETE FROM story_items WHERE added_at < $1', [before]);
  const posts = await pool.query(
    'DELETE FROM story_posts WHERE updated_at < $1 AND NOT EXISTS (SELECT 1 FROM story_items WHERE story_items.story_id = story_posts.story_id)',
    [before],
  );
  return { items: items.rowCount ?? 0, posts: posts.rowCount ?? 0 };
}
