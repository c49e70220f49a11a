import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach } from 'vitest';
import { openPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/** What a contract test may read of the stored rows, beyond the `Store` interface (per engine SQL). */
export interface StorePeek {
  /** Item ids recorded as seen for `source`, sorted. */
  seenItemIds(source: string): Promise<string[]>;
  /** Every outbox entry, in id order. */
  outboxRows(): Promise<{ destination: string; story_key: string; watch: string; status: string; item_id: string }[]>;
  /** Row counts: seen items, outbox entries, pending entries. */
  rowCounts(): Promise<{ seen: number; outbox: number; pending: number }>;
}

export interface OpenedStore {
  readonly store: Store;
  /** What the store's errors name: the state file, or the database URL without password. */
  readonly path: string;
  readonly peek: StorePeek;
}

/** An engine the contract runs against: each `open()` is a fresh, empty store, closed after the test. */
export interface ContractEngine {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<OpenedStore>;
}

/** Closes every store a test opened. */
function useOpened(): (opened: OpenedStore & { readonly release?: () => Promise<void> }) => OpenedStore {
  const stores: { store: Store; release?: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map(async ({ store, release }) => {
      await store.close();
      await release?.();
    }));
  });
  return (opened) => {
    stores.push(opened);
    return opened;
  };
}

/** SQLite: a new state file in a temp dir per store. Call at the top of a test file. */
export function sqliteEngine(): ContractEngine {
  const tempDir = useTempDirs();
  const track = useOpened();
  const read = <T>(path: string, body: (db: Database.Database) => T): T => {
    const db = new Database(path, { readonly: true });
    try {
      return body(db);
    } finally {
      db.close();
    }
  };
  return {
    name: 'sqlite',
    async open() {
      const path = join(await tempDir(), 'state.db');
      const store = openSqliteStore(path);
      const peek: StorePeek = {
        seenItemIds: async (source) =>
          read(path, (db) => db.prepare<[string], string>('SELECT item_id FROM seen_items WHERE source = ? ORDER BY item_id').pluck().all(source)),
        outboxRows: async () =>
          read(path, (db) =>
            db
              .prepare("SELECT destination, story_key, watch, status, json_extract(item, '$.id') AS item_id FROM outbox ORDER BY id")
              .all() as { destination: string; story_key: string; watch: string; status: string; item_id: string }[],
          ),
        rowCounts: async () =>
          read(path, (db) =>
            db
              .prepare(
                "SELECT (SELECT count(*) FROM seen_items) AS seen, (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM outbox WHERE status = 'pending') AS pending",
              )
              .get() as { seen: number; outbox: number; pending: number },
          ),
      };
      return track({ store, path, peek });
    },
  };
}

/** PostgreSQL: one test database per file, a new schema per store. Call at the top of a test file. */
export function postgresEngine(): ContractEngine {
  const database = useTestDatabase();
  const track = useOpened();
  return {
    name: 'postgres',
    async open() {
      const url = await database().freshSchema();
      const store = await openPostgresStore(url);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> => (await client.query<T>(sql, params)).rows;
      const peek: StorePeek = {
        seenItemIds: async (source) =>
          (await query<{ item_id: string }>('SELECT item_id FROM seen_items WHERE source = $1 ORDER BY item_id COLLATE "C"', [source])).map((row) => row.item_id),
        outboxRows: async () =>
          query("SELECT destination, story_key, watch, status, (item::jsonb)->>'id' AS item_id FROM outbox ORDER BY id"),
        rowCounts: async () =>
          (
            await query<{ seen: number; outbox: number; pending: number }>(
              "SELECT (SELECT count(*) FROM seen_items)::integer AS seen, (SELECT count(*) FROM outbox)::integer AS outbox, (SELECT count(*) FROM outbox WHERE status = 'pending')::integer AS pending",
            )
          )[0] ?? { seen: -1, outbox: -1, pending: -1 },
      };
      return track({ store, path: store.path, peek, release: () => client.end() });
    },
  };
}
