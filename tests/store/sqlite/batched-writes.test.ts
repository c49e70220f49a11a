import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors/store-error.js';
import { migrate } from '../../../src/store/sqlite/migrations.js';
import { openSqlite } from '../../../src/store/sqlite/open-sqlite.js';
import { prepareStatements } from '../../../src/store/sqlite/sqlite-statements.js';
import { SqliteStore, openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { T0, T1, delivery, feedItem, success, useStores } from '../helpers/store-fixtures.js';

/** What another connection sees in the file: the writes that were committed. */
function committedRows(path: string): { sources: { name: string; last_success_at: string | null }[]; outbox: number } {
  const reader = new Database(path, { readonly: true });
  try {
    return {
      sources: reader.prepare('SELECT name, last_success_at FROM sources ORDER BY name').all() as { name: string; last_success_at: string | null }[],
      outbox: (reader.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
    };
  } finally {
    reader.close();
  }
}

describe('writes of one turn share a transaction (SQLite file)', () => {
  const { open, tempDir } = useStores();

  it('concurrent writes all commit, and each result is its own', async () => {
    const { store, path } = await open();
    const results = await Promise.all([
      store.commitSourceSuccess(success('a', T0, [feedItem('a', '1'), feedItem('a', '2')], [delivery('discord')])),
      store.recordUnchanged('b', 'https://b.example/feed.xml', T0, { etag: '"b"' }),
      store.commitSourceSuccess(success('c', T0, [feedItem('c', '3')])),
    ]);

    expect(results).toEqual([{ newItems: 2, enqueued: 2 }, undefined, { newItems: 1, enqueued: 0 }]);
    expect(committedRows(path)).toEqual({
      sources: [
        { name: 'a', last_success_at: T0 },
        { name: 'b', last_success_at: T0 },
        { name: 'c', last_success_at: T0 },
      ],
      outbox: 2,
    });
  });

  it('a write that fails halfway is rolled back and rejects alone, its operation named; the others are committed', async () => {
    const { store, path } = await open();
    // Fails after its source row and first seen item were written, while serialising the second item.
    const poisoned = { ...feedItem('b', '2'), toJSON: () => { throw new Error('cannot serialise'); } };
    const settled = await Promise.allSettled([
      store.recordUnchanged('a', 'https://a.example/feed.xml', T0, {}),
      store.commitSourceSuccess(success('b', T0, [feedItem('b', '1'), poisoned], [delivery('discord')])),
      store.markDelivered(42, T1),
      store.commitSourceSuccess(success('c', T0, [feedItem('c', '3')], [delivery('slack')])),
    ]);

    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    const reasons = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as StoreError] : []));
    expect(reasons.map(({ name, operation, kind, message }) => ({ name, operation, kind, message }))).toEqual([
      { name: 'StoreError', operation: 'commitSourceSuccess', kind: 'sqlite', message: `commitSourceSuccess failed on state file ${path}: cannot serialise` },
      { name: 'StoreError', operation: 'markDelivered', kind: 'invalid-input', message: 'markDelivered: no outbox entry has id 42' },
    ]);
    expect(committedRows(path)).toEqual({
      sources: [
        { name: 'a', last_success_at: T0 },
        { name: 'c', last_success_at: T0 },
      ],
      outbox: 1,
    });
  });

  it('a full disk rolls back the whole batch: every write of it rejects with that error and none is kept', async () => {
    const path = join(await tempDir(), 'state.db');
    const db = openSqlite(path);
    migrate(db, path, () => new Date(T0));
    const store = new SqliteStore(db, path, prepareStatements(db));
    try {
      await store.recordUnchanged('b', 'https://b.example/feed.xml', T0, {});
      // A few pages left: the big commit fills them, and SQLite rolls the whole transaction back.
      db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true })) + 2}`);
      const big = Array.from({ length: 2000 }, (_, index) => feedItem('a', `${index}-${'x'.repeat(200)}`));
      const settled = await Promise.allSettled([
        store.commitSourceSuccess(success('a', T1, big)),
        store.recordFailure('b', 'https://b.example/feed.xml', { kind: 'http-status', message: 'HTTP 500', at: T1 }),
      ]);

      const reasons = settled.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as StoreError) : undefined));
      expect(reasons.map((reason) => reason && { operation: reason.operation, kind: reason.kind, full: /full/.test(reason.message) })).toEqual([
        { operation: 'commitSourceSuccess', kind: 'unavailable', full: true },
        { operation: 'recordFailure', kind: 'unavailable', full: true },
      ]);
      expect({ inTransaction: db.inTransaction, sources: committedRows(path).sources }).toEqual({
        inTransaction: false,
        sources: [{ name: 'b', last_success_at: T0 }],
      });
      const b = db.prepare("SELECT consecutive_failures FROM sources WHERE name = 'b'").get() as { consecutive_failures: number };
      expect(b.consecutive_failures).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('close() commits the writes still queued before closing the file', async () => {
    const path = join(await tempDir(), 'state.db');
    const store = openSqliteStore(path);
    const pending = store.recordUnchanged('a', 'https://a.example/feed.xml', T0, { etag: '"a"' });
    await store.close();

    await expect(pending).resolves.toBeUndefined();
    expect(committedRows(path)).toEqual({ sources: [{ name: 'a', last_success_at: T0 }], outbox: 0 });
  });
});
