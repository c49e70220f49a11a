import type Database from 'better-sqlite3';
import type { SqliteDatabase } from './open-sqlite.js';
import { SOURCE_READS_KEPT, type NewItemCount, type SourceRead, type SourceReadOutcome, type SourceReadSeries } from '../store.js';

/**
 * `Store.countNewItems` on SQLite: the periods come as a JSON array of bounds; each period is one
 * range of the text column's partial index (first_seen_at, with the source in its key).
 */
const COUNT_NEW_ITEMS_SQL = `
  WITH periods AS (
    SELECT CAST(key AS INTEGER) AS period, value AS start_at, lead(value) OVER (ORDER BY key) AS end_at FROM json_each(@bounds)
  )
  SELECT s.source AS source, p.period AS period, count(*) AS count
  FROM periods p JOIN seen_items s INDEXED BY seen_items_first_seen_at
    ON s.item_text IS NOT NULL AND s.first_seen_at >= p.start_at AND s.first_seen_at < p.end_at
  WHERE p.end_at IS NOT NULL
  GROUP BY s.source, p.period
  ORDER BY s.source, p.period`;

interface SourceReadsRow {
  readonly source: string;
  /** Comma-separated, oldest first. */
  readonly durations: string;
  readonly outcomes: string;
}

interface Statements {
  readonly countNewItems: Database.Statement<[{ bounds: string }], NewItemCount>;
  readonly insertRead: Database.Statement<[{ source: string; at: string; durationMs: number; outcome: string }]>;
  readonly trimReads: Database.Statement<[{ source: string; kept: number }]>;
  readonly listReads: Database.Statement<[{ since: string }], SourceReadsRow>;
  readonly pruneReads: Database.Statement<[{ before: string }]>;
}

const prepared = new WeakMap<SqliteDatabase, Statements>();

/** The chart statements of `db`, prepared once per connection. */
export function chartStatements(db: SqliteDatabase): Statements {
  const existing = prepared.get(db);
  if (existing !== undefined) return existing;
  const statements: Statements = {
    countNewItems: db.prepare(COUNT_NEW_ITEMS_SQL),
    insertRead: db.prepare('INSERT INTO source_reads (source, at, duration_ms, outcome) VALUES (@source, @at, @durationMs, @outcome)'),
    // Everything but the last `kept` reads of the source (by end time, then insertion): the reads
    // before the kept-th newest, found with two seeks in the covering index (a NOT IN list of the
    // kept ids cost four times as much, and it runs after every read).
    trimReads: db.prepare(`
      DELETE FROM source_reads WHERE source = @source AND (at, id) < (
        SELECT at, id FROM source_reads WHERE source = @source ORDER BY at DESC, id DESC LIMIT 1 OFFSET @kept - 1)`),
    // The inner scan walks the covering index in (source, at, id) order and the grouping streams over
    // it, so each list comes in that order without a sort per source (an ORDER BY inside
    // group_concat would sort each one again: three times slower with a thousand sources).
    listReads: db.prepare(`
      SELECT source, group_concat(duration_ms, ',') AS durations, group_concat(outcome, ',') AS outcomes
      FROM (SELECT source, duration_ms, outcome FROM source_reads WHERE at >= @since ORDER BY source, at, id)
      GROUP BY source ORDER BY source`),
    pruneReads: db.prepare('DELETE FROM source_reads WHERE at < @before'),
  };
  prepared.set(db, statements);
  return statements;
}

/**
 * Writes a batch of checked reads (in the caller's transaction): each inserted in order, then each
 * of their sources trimmed once to its last `SOURCE_READS_KEPT` reads.
 */
export function writeSourceReads(db: SqliteDatabase, reads: readonly SourceRead[]): void {
  const sql = chartStatements(db);
  const sources = new Set<string>();
  for (const read of reads) {
    sql.insertRead.run({ source: read.source, at: read.at, durationMs: read.durationMs, outcome: read.outcome });
    sources.add(read.source);
  }
  for (const source of sources) sql.trimReads.run({ source, kept: SOURCE_READS_KEPT });
}

export function toSourceReadSeries(row: SourceReadsRow): SourceReadSeries {
  const outcomes = row.outcomes.split(',') as SourceReadOutcome[];
  return { source: row.source, reads: row.durations.split(',').map((duration, index) => ({ durationMs: Number(duration), outcome: outcomes[index] ?? 'read' })) };
}
