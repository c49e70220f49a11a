import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { READS_WRITTEN_AT, openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { SOURCE_READS_KEPT, type SourceRead } from '../../../src/store/store.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const T0 = '2025-03-01T10:00:00.000Z';
const T1 = '2025-03-01T11:00:00.000Z';

const read = (source: string, at: string, durationMs: number, outcome: SourceRead['outcome'] = 'not-modified'): SourceRead => ({ source, at, durationMs, outcome });
const minute = (n: number): string => new Date(Date.parse(T0) + n * 60_000).toISOString();
/** Lets the group commit of the current turn run. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The read log as another connection sees it in the file: [source, at, duration, outcome] by source, then time. */
function rowsInFile(path: string): [string, string, number, string][] {
  const reader = new Database(path, { readonly: true });
  try {
    return (reader.prepare('SELECT source, at, duration_ms AS d, outcome FROM source_reads ORDER BY source, at, id').all() as { source: string; at: string; d: number; outcome: string }[]).map((row) => [
      row.source,
      row.at,
      row.d,
      row.outcome,
    ]);
  } finally {
    reader.close();
  }
}

describe('SQLite: reads for the chart are written in one batch with the next durable write', () => {
  const tempDir = useTempDirs();
  const open = async () => {
    const path = join(await tempDir(), 'state.db');
    return { path, store: openSqliteStore(path) };
  };

  it('a recorded read is not written on its own; the sync point writes every waiting one, in order', async () => {
    const { path, store } = await open();
    try {
      await store.recordUnchanged('lwn', 'https://lwn.example/rss', T0, {});
      await store.recordSourceRead(read('lwn', T0, 12));
      await store.recordSourceRead(read('hn', T0, 40, 'failed'));
      await store.recordSourceRead(read('lwn', T1, 9, 'unchanged'));
      await nextTurn();
      // The source's own record is written (and survives the process); its chart points wait.
      expect(rowsInFile(path)).toEqual([]);
      await store.syncPoint(T1);
      expect(rowsInFile(path)).toEqual([
        ['hn', T0, 40, 'failed'],
        ['lwn', T0, 12, 'not-modified'],
        ['lwn', T1, 9, 'unchanged'],
      ]);
    } finally {
      await store.close();
    }
  });

  it('a batch keeps only the last reads of each source, as one write at a time did', async () => {
    const { path, store } = await open();
    try {
      for (let n = 0; n < SOURCE_READS_KEPT + 5; n += 1) await store.recordSourceRead(read('lwn', minute(n), n));
      await store.recordSourceRead(read('hn', T0, 7));
      await store.syncPoint(T1);
      const rows = rowsInFile(path);
      expect(rows.filter(([source]) => source === 'hn')).toEqual([['hn', T0, 7, 'not-modified']]);
      expect(rows.filter(([source]) => source === 'lwn').map(([, , duration]) => duration)).toEqual(Array.from({ length: SOURCE_READS_KEPT }, (_, n) => n + 5));
    } finally {
      await store.close();
    }
  });

  it(`${READS_WRITTEN_AT} waiting reads are written without waiting for a sync point`, async () => {
    const { path, store } = await open();
    try {
      for (let n = 0; n < READS_WRITTEN_AT - 1; n += 1) await store.recordSourceRead(read(`s${n}`, T0, n));
      await nextTurn();
      expect(rowsInFile(path)).toHaveLength(0);
      await store.recordSourceRead(read('last', T0, 1));
      await nextTurn();
      expect(rowsInFile(path)).toHaveLength(READS_WRITTEN_AT);
    } finally {
      await store.close();
    }
  });

  it('listSourceReads writes the waiting reads first: what it answers is in the file', async () => {
    const { path, store } = await open();
    try {
      await store.recordSourceRead(read('lwn', T0, 12));
      expect(await store.listSourceReads(T0)).toEqual([{ source: 'lwn', reads: [{ durationMs: 12, outcome: 'not-modified' }] }]);
      expect(rowsInFile(path)).toEqual([['lwn', T0, 12, 'not-modified']]);
    } finally {
      await store.close();
    }
  });

  it('close writes the waiting reads; the next process sees them', async () => {
    const { path, store } = await open();
    await store.recordSourceRead(read('lwn', T0, 12));
    await store.recordSourceRead(read('lwn', T1, 13, 'read'));
    await store.close();
    const reopened = openSqliteStore(path);
    try {
      expect(await reopened.listSourceReads(T0)).toEqual([
        { source: 'lwn', reads: [{ durationMs: 12, outcome: 'not-modified' }, { durationMs: 13, outcome: 'read' }] },
      ]);
    } finally {
      await reopened.close();
    }
  });

  it('prune applies to the waiting reads too (they are written before it runs)', async () => {
    const { path, store } = await open();
    try {
      await store.recordSourceRead(read('lwn', T0, 1));
      await store.recordSourceRead(read('lwn', T1, 2));
      await store.prune(T1);
      expect(rowsInFile(path)).toEqual([['lwn', T1, 2, 'not-modified']]);
    } finally {
      await store.close();
    }
  });
});
