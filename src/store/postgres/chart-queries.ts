import type pg from 'pg';
import { SOURCE_READS_KEPT, type NewItemCount, type SourceRead, type SourceReadOutcome, type SourceReadSeries } from '../store.js';

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

/** `Store.listSourceReads` on PostgreSQL: one row per source, its reads as two arrays. */
export async function listSourceReads(pool: pg.Pool, since: string): Promise<SourceReadSeries[]> {
  const { rows } = await pool.query<{ source: string; durations: number[]; outcomes: SourceReadOutcome[] }>(
    `SELECT source, array_agg(duration_ms ORDER BY at, id) AS durations, array_agg(outcome ORDER BY at, id) AS outcomes
     FROM source_reads WHERE at >= $1 GROUP BY source ORDER BY source COLLATE "C"`,
    [since],
  );
  return rows.map((row) => ({ source: row.source, reads: row.durations.map((durationMs, index) => ({ durationMs, outcome: row.outcomes[index] ?? 'read' })) }));
}
