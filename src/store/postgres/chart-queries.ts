import type pg from 'pg';
import { SOURCE_READS_KEPT, type NewItemCount, type SourceRead, type SourceReadOutcome } from '../store.js';

/** `Store.countNewItems` on PostgreSQL (bounds canonical, ascending, at least two). */
export async function countNewItems(pool: pg.Pool, bounds: readonly string[]): Promise<NewItemCount[]> {
  const { rows } = await pool.query<NewItemCount>(
    `WITH periods AS (
       SELECT (n - 1)::integer AS period, b AS start_at, lead(b) OVER (ORDER BY n) AS end_at
       FROM unnest($1::timestamptz[]) WITH ORDINALITY AS t(b, n)
     )
     SELECT s.source, p.period, count(*)::integer AS count
     FROM periods p JOIN seen_items s
       ON s.item_text IS NOT NULL AND s.first_seen_at >= p.start_at AND s.first_seen_at < p.end_at
     WHERE p.end_at IS NOT NULL
     GROUP BY s.source, p.period
     ORDER BY s.source COLLATE "C", p.period`,
    [bounds],
  );
  return rows;
}

/** `Store.recordSourceRead` on PostgreSQL: one transaction inserts the read and drops the source's reads beyond the last kept. */
export async function recordSourceRead(client: pg.PoolClient, read: SourceRead): Promise<void> {
  await client.query('INSERT INTO source_reads (source, at, duration_ms, outcome) VALUES ($1, $2, $3, $4)', [read.source, read.at, read.durationMs, read.outcome]);
  await client.query(
    `DELETE FROM source_reads WHERE source = $1 AND id NOT IN (
       SELECT id FROM source_reads WHERE source = $1 ORDER BY at DESC, id DESC LIMIT $2)`,
    [read.source, SOURCE_READS_KEPT],
  );
}

/** `Store.listSourceReads` on PostgreSQL. */
export async function listSourceReads(pool: pg.Pool, since: string): Promise<SourceRead[]> {
  const { rows } = await pool.query<{ source: string; at: Date; duration_ms: number; outcome: string }>(
    'SELECT source, at, duration_ms, outcome FROM source_reads WHERE at >= $1 ORDER BY source COLLATE "C", at, id',
    [since],
  );
  return rows.map((row) => ({ source: row.source, at: row.at.toISOString(), durationMs: row.duration_ms, outcome: row.outcome as SourceReadOutcome }));
}
