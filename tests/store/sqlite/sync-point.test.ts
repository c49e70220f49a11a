import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/store/sqlite/migrations.js';
import { openSqlite } from '../../../src/store/sqlite/open-sqlite.js';
import { prepareStatements } from '../../../src/store/sqlite/sqlite-statements.js';
import { SqliteStore, openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { T0, T1, delivery, feedItem, success } from '../helpers/store-fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const NORMAL = 1;
const FULL = 2;

/** A store on a connection the test can also ask: `synchronous` is the level of its last commit. */
async function storeWithItsConnection(dir: string): Promise<{ store: SqliteStore; level: () => number }> {
  const path = join(dir, 'state.db');
  const db = openSqlite(path);
  migrate(db, path, () => new Date(T0));
  return { store: new SqliteStore(db, path, prepareStatements(db)), level: () => Number(db.pragma('synchronous', { simple: true })) };
}

function syncPointRow(path: string): { count: number; at: string | null } {
  const reader = new Database(path, { readonly: true });
  try {
    return reader.prepare('SELECT count, at FROM sync_point').get() as { count: number; at: string | null };
  } finally {
    reader.close();
  }
}

describe('durability of each write', () => {
  const tempDir = useTempDirs();

  it.each([
    { write: 'commitSourceSuccess', level: NORMAL, act: (store: SqliteStore) => store.commitSourceSuccess(success('a', T0, [feedItem('a', '1')], [delivery('discord')])) },
    { write: 'recordUnchanged', level: NORMAL, act: (store: SqliteStore) => store.recordUnchanged('a', 'https://a.example/feed.xml', T0, {}) },
    { write: 'recordFailure', level: NORMAL, act: (store: SqliteStore) => store.recordFailure('a', 'https://a.example/feed.xml', { kind: 'http-status', message: 'HTTP 500', at: T0 }) },
    {
      write: 'transitionSourceHealth',
      level: NORMAL,
      act: (store: SqliteStore) =>
        store.transitionSourceHealth({ source: 'a', url: 'https://a.example/feed.xml', from: 'ok', to: 'failing', at: T0, notice: feedItem('a', 'notice'), deliveries: [delivery('discord')] }),
    },
    { write: 'syncPoint', level: FULL, act: (store: SqliteStore) => store.syncPoint(T1) },
    { write: 'disableDestination', level: FULL, act: (store: SqliteStore) => store.disableDestination('discord', 'f1', 'webhook deleted', T0) },
    { write: 'acquireLease', level: FULL, act: (store: SqliteStore) => store.acquireLease({ owner: 'o', pid: 1, host: 'h' }, T0, T1) },
    { write: 'expirePending', level: FULL, act: (store: SqliteStore) => store.expirePending(T0, T1, 'late') },
    { write: 'prune', level: FULL, act: (store: SqliteStore) => store.prune(T0) },
  ])('$write commits at level $level (1 NORMAL: atomic, durable at the next sync point; 2 FULL: durable)', async ({ act, level }) => {
    const { store, level: current } = await storeWithItsConnection(await tempDir());
    try {
      // Start from the other level, so that the write must set its own.
      await (level === FULL ? store.recordUnchanged('z', 'https://z.example/feed.xml', T0, {}) : store.syncPoint(T0));
      expect(current()).toBe(level === FULL ? NORMAL : FULL);
      await act(store);
      expect(current()).toBe(level);
    } finally {
      await store.close();
    }
  });

  it('a batch holding a read and a sync point is committed durably', async () => {
    const { store, level } = await storeWithItsConnection(await tempDir());
    try {
      await Promise.all([store.recordUnchanged('a', 'https://a.example/feed.xml', T0, {}), store.syncPoint(T1)]);
      expect(level()).toBe(FULL);
    } finally {
      await store.close();
    }
  });

  it('syncPoint counts and records its time; closing the store adds one more without a time', async () => {
    const path = join(await tempDir(), 'state.db');
    const store = openSqliteStore(path);
    expect(syncPointRow(path)).toEqual({ count: 0, at: null });
    await store.syncPoint(T0);
    await store.syncPoint(T1);
    expect(syncPointRow(path)).toEqual({ count: 2, at: T1 });
    await store.recordUnchanged('a', 'https://a.example/feed.xml', T1, {});
    await store.close();
    expect(syncPointRow(path)).toEqual({ count: 3, at: T1 });
  });
});
