import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors/store-error.js';
import { MIGRATIONS, migrate, schemaVersion, type Migration } from '../../../src/store/sqlite/migrations.js';
import { openSqlite } from '../../../src/store/sqlite/open-sqlite.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const APPLIED_AT = new Date('2025-03-01T09:00:00.000Z');
const LATEST = MIGRATIONS.length;

function inspect(path: string): { version: number; migrations: unknown[]; tables: string[] } {
  const db = new Database(path, { readonly: true });
  try {
    return {
      version: schemaVersion(db),
      migrations: db.prepare('SELECT version, description, applied_at FROM schema_migrations ORDER BY version').all(),
      tables: db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all() as string[],
    };
  } finally {
    db.close();
  }
}

function seenItemIndexes(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'seen_items' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];
}

describe('schema migrations', () => {
  const tempDir = useTempDirs();

  it('brings a fresh state file to the latest version, logging each migration', async () => {
    const path = join(await tempDir(), 'state.db');
    await openSqliteStore(path, { now: () => APPLIED_AT }).close();

    expect(LATEST).toBe(MIGRATIONS.at(-1)?.version);
    expect(inspect(path)).toEqual({
      version: LATEST,
      migrations: [
        { version: 1, description: 'initial schema', applied_at: '2025-03-01T09:00:00.000Z' },
        { version: 2, description: 'source health notices', applied_at: '2025-03-01T09:00:00.000Z' },
        { version: 3, description: 'headline keys for cross-source dedupe', applied_at: '2025-03-01T09:00:00.000Z' },
        { version: 4, description: 'dedupe per destination', applied_at: '2025-03-01T09:00:00.000Z' },
        { version: 5, description: 'single-writer lease', applied_at: '2025-03-01T09:00:00.000Z' },
        { version: 6, description: 'sync point', applied_at: '2025-03-01T09:00:00.000Z' },
        ...MIGRATIONS.slice(6).map(({ version, description }) => ({ version, description, applied_at: '2025-03-01T09:00:00.000Z' })),
      ],
      tables: ['destination_claims', 'digest_items', 'digest_periods', 'disabled_destinations', 'integrity_check', 'lease', 'outbox', 'schema_migrations', 'seen_items', 'source_claims', 'source_reads', 'sources', 'story_items', 'story_posts', 'sync_point'],
    });
  });

  it('reopening an up-to-date file changes nothing', async () => {
    const path = join(await tempDir(), 'state.db');
    await openSqliteStore(path, { now: () => APPLIED_AT }).close();
    await openSqliteStore(path, { now: () => new Date('2030-01-01T00:00:00.000Z') }).close();

    expect(inspect(path).migrations).toEqual(MIGRATIONS.map(({ version, description }) => ({ version, description, applied_at: '2025-03-01T09:00:00.000Z' })));
  });

  it('refuses a file written by a newer veille, without touching it', async () => {
    const path = join(await tempDir(), 'state.db');
    await openSqliteStore(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();

    let error: unknown;
    try {
      openSqliteStore(path);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      kind: 'newer-schema',
      operation: 'migrate',
      path,
      message:
        `state file ${path} has schema version ${LATEST + 1}, but this veille only knows versions up to ${LATEST}: ` +
        'it was written by a newer veille; upgrade veille, or point it at another state file',
    });
    expect(inspect(path).version).toBe(LATEST + 1);
  });

  it('applies only the missing migrations, in order, each in its own transaction', async () => {
    const path = join(await tempDir(), 'state.db');
    const db = openSqlite(path);
    try {
      const next = LATEST + 1;
      const added: Migration = { version: next, description: 'add notes', sql: 'CREATE TABLE notes (text TEXT NOT NULL) STRICT;' };
      const broken: Migration = {
        version: next + 1,
        description: 'broken step',
        sql: "INSERT INTO notes (text) VALUES ('half done'); CREATE TABLE notes (oops TEXT);",
      };

      expect(migrate(db, path, () => APPLIED_AT, [...MIGRATIONS])).toBe(LATEST);
      expect(migrate(db, path, () => APPLIED_AT, [...MIGRATIONS, added])).toBe(next);

      let error: unknown;
      try {
        migrate(db, path, () => APPLIED_AT, [...MIGRATIONS, added, broken]);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({
        name: 'StoreError',
        kind: 'sqlite',
        operation: 'migrate',
        message:
          `cannot migrate state file ${path} to schema version ${next + 1} (broken step): table notes already exists; ` +
          `the file was left at version ${next}`,
      });
      // The failed step left nothing behind: not its row, not its version.
      expect(schemaVersion(db)).toBe(next);
      expect(db.prepare('SELECT COUNT(*) FROM notes').pluck().get()).toBe(0);
      expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([...MIGRATIONS.map((m) => m.version), next]);
    } finally {
      db.close();
    }
  });

  it('migration 14 drops the unused story_key index of seen_items from an existing state, keeping every row', async () => {
    const path = join(await tempDir(), 'state.db');
    const before = openSqlite(path);
    try {
      expect(migrate(before, path, () => APPLIED_AT, MIGRATIONS.slice(0, 13))).toBe(13);
      before.prepare("INSERT INTO sources (name, url, seeded) VALUES ('a', 'https://a.example/feed', 1)").run();
      const insert = before.prepare("INSERT INTO seen_items (source, item_id, story_key, first_seen_at, item_text) VALUES ('a', ?, ?, '2025-03-01T09:00:00.000Z', ?)");
      insert.run('one', 'https://a.example/1', '{"title":"one"}');
      insert.run('two', 'https://a.example/2', null);
      expect(seenItemIndexes(before)).toContain('seen_items_story_key');
    } finally {
      before.close();
    }

    const store = openSqliteStore(path, { now: () => APPLIED_AT });
    try {
      expect([...(await store.unseenItemIds('a', ['one', 'two', 'three']))]).toEqual(['three']);
    } finally {
      await store.close();
    }
    const after = new Database(path, { readonly: true });
    try {
      expect(schemaVersion(after)).toBe(LATEST);
      expect(seenItemIndexes(after)).toEqual(['seen_items_absent_since', 'seen_items_first_seen_at', 'seen_items_present']);
      expect(after.prepare('SELECT item_id, story_key, item_text FROM seen_items ORDER BY item_id').all()).toEqual([
        { item_id: 'one', story_key: 'https://a.example/1', item_text: '{"title":"one"}' },
        { item_id: 'two', story_key: 'https://a.example/2', item_text: null },
      ]);
    } finally {
      after.close();
    }
  });

  it('rejects a migration list that is not numbered 1, 2, 3...', async () => {
    const db = openSqlite(':memory:');
    try {
      const gap: Migration = { version: LATEST + 2, description: 'gap', sql: 'SELECT 1;' };
      expect(() => migrate(db, ':memory:', () => APPLIED_AT, [...MIGRATIONS, gap])).toThrow(
        `migrations must be numbered 1, 2, 3...: found version ${LATEST + 2} at position ${LATEST + 1}`,
      );
    } finally {
      db.close();
    }
  });
});
