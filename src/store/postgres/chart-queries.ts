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

/**
 * `Store.recordSourceRead` on PostgreSQL, for a batch of reads (in one transaction): inserts them and
 * drops each of their sources' reads beyond the last kept.
 */
export async function recordSourceReads(client: pg.PoolClient, reads: readonly SourceRead[]): Promise<void> {
  if (reads.length === 0) return;
  await client.query({
    name: 'veille-insert-reads',
    text: `INSERT INTO source_reads (source, at, duration_ms, outcome)
       SELECT t.source, t.at, t.duration_ms, t.outcome FROM unnest($1::text[], $2::timestamptz[], $3::integer[], $4::text[]) WITH ORDINALITY AS t (source, at, duration_ms, outcome, ord)
       ORDER BY t.ord`,
    values: [reads.map((read) => read.source), reads.map((read) => read.at), reads.map((read) => read.durationMs), reads.map((read) => read.outcome)],
  });
  await client.query({
    name: 'veille-trim-reads',
    text: `DELETE FROM source_reads r USING (
         SELECT id, row_number() OVER (PARTITION BY source ORDER BY at DESC, id DESC) AS rank
         FROM source_reads WHERE source = ANY ($1::text[])) k
       WHERE r.id = k.id AND k.rank > $2`,
    values: [[...new Set(reads.map((read) => read.source))], SOURCE_READS_KEPT],
  });
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
