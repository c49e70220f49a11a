import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors/store-error.js';
import { NEW_FILE_PAGE_SIZE, openSqlite } from '../../../src/store/sqlite/open-sqlite.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

/** A state file with one source, whose `sources` table root page was then overwritten with junk. */
async function damagedStateFile(dir: string): Promise<{ path: string; damaged: Buffer; rootPage: number }> {
  const path = join(dir, 'state.db');
  const store = openSqliteStore(path);
  await store.recordFailure('lwn', 'https://lwn.example/feed.xml', { kind: 'timeout', message: 't', at: '2025-03-01T10:00:00Z' });
  await store.close(); // checkpoints the WAL into the main file
  const probe = new Database(path, { readonly: true });
  const rootPage = Number(probe.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'sources'").pluck().get());
  probe.close();
  const damaged = await readFile(path);
  const pageSize = damaged.readUInt16BE(16);
  damaged.fill(0xa5, pageSize * (rootPage - 1), pageSize * rootPage);
  await writeFile(path, damaged);
  return { path, damaged, rootPage };
}

function openError(path: string): StoreError {
  try {
    openSqliteStore(path).close();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error(`openSqliteStore(${path}) did not throw`);
}

describe('openSqliteStore', () => {
  const tempDir = useTempDirs();

  it('creates the missing parent directories and the state file', async () => {
    const path = join(await tempDir(), 'a', 'b', 'state.db');
    const store = openSqliteStore(path);
    await store.close();
    expect((await stat(path)).isFile()).toBe(true);
    expect((await readFile(path)).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  });

  it('configures its connection: WAL, synchronous FULL, foreign keys, busy timeout, bounded WAL, temporary storage in memory', async () => {
    const db = openSqlite(join(await tempDir(), 'state.db'));
    try {
      expect({
        journalMode: db.pragma('journal_mode', { simple: true }),
        synchronous: db.pragma('synchronous', { simple: true }),
        foreignKeys: db.pragma('foreign_keys', { simple: true }),
        busyTimeout: db.pragma('busy_timeout', { simple: true }),
        journalSizeLimit: db.pragma('journal_size_limit', { simple: true }),
        tempStore: db.pragma('temp_store', { simple: true }),
      }).toEqual({
        journalMode: 'wal',
        synchronous: 2, // FULL
        foreignKeys: 1,
        busyTimeout: 5000,
        journalSizeLimit: 64 * 1024 * 1024,
        tempStore: 2, // MEMORY
      });
    } finally {
      db.close();
    }
  });

  it('creates a new state file with 8 KiB pages', async () => {
    const path = join(await tempDir(), 'state.db');
    const store = openSqliteStore(path);
    await store.close();
    expect(NEW_FILE_PAGE_SIZE).toBe(8192);
    expect((await readFile(path)).readUInt16BE(16)).toBe(8192);
  });

  it('keeps the page size of an existing state file, and reads and writes it', async () => {
    const path = join(await tempDir(), 'state.db');
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE probe (x INTEGER)');
    old.close();
    expect((await readFile(path)).readUInt16BE(16)).toBe(4096);
    const store = openSqliteStore(path);
    await store.recordFailure('lwn', 'https://lwn.example/feed.xml', { kind: 'timeout', message: 't', at: '2025-03-01T10:00:00Z' });
    await store.close();
    expect((await readFile(path)).readUInt16BE(16)).toBe(4096);
    const reopened = openSqliteStore(path);
    expect((await reopened.listSources()).map((source) => [source.name, source.consecutiveFailures])).toEqual([['lwn', 1]]);
    await reopened.close();
  });

  it('opens an existing empty file as a fresh database', async () => {
    const path = join(await tempDir(), 'state.db');
    await writeFile(path, '');
    const store = openSqliteStore(path);
    expect(await store.listSources()).toEqual([]);
    await store.close();
  });

  describe('refuses a file that is not a healthy SQLite database, and leaves it untouched', () => {
    it.each([
      { name: 'random bytes', content: Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919 + 13) % 256)) },
      { name: 'a text file', content: Buffer.from('sources:\n  - name: lwn\n    url: https://lwn.net/headlines/rss\n'.repeat(50)) },
    ])('$name', async ({ content }) => {
      const path = join(await tempDir(), 'state.db');
      await writeFile(path, content);

      const error = openError(path);

      expect(error.kind).toBe('corrupt');
      expect(error.operation).toBe('open');
      expect(error.path).toBe(path);
      expect(error.message).toBe(
        `state file ${path} is not a SQLite database or is corrupt: file is not a database; ` +
          'restore a backup or move it aside (veille never resets it)',
      );
      expect(error.cause).toMatchObject({ code: 'SQLITE_NOTADB' });
      expect(await readFile(path)).toEqual(content);
    });

    it('a SQLite file whose pages were damaged (caught by the quick check)', async () => {
      const { path, damaged, rootPage } = await damagedStateFile(await tempDir());

      const error = openError(path);

      expect(error.kind).toBe('corrupt');
      expect(error.message).toBe(
        `state file ${path} is not a SQLite database or is corrupt: integrity check failed: ` +
          `*** in database main *** Tree ${rootPage} page ${rootPage}: btreeInitPage() returns error code 11; ` +
          'restore a backup or move it aside (veille never resets it)',
      );
      expect(await readFile(path)).toEqual(damaged);
    });
  });

  it('without the quick check, damage surfaces as a corrupt StoreError from the operation that meets it', async () => {
    const { path } = await damagedStateFile(await tempDir());
    const store = openSqliteStore(path, { quickCheck: false });
    try {
      await expect(store.listSources()).rejects.toMatchObject({
        name: 'StoreError',
        kind: 'corrupt',
        operation: 'listSources',
        path,
        message: `listSources failed on state file ${path}: database disk image is malformed`,
      });
    } finally {
      await store.close();
    }
  });

  describe("quickCheck 'when-due' (veille once): checks the file once a day, or after a writer left without releasing it", () => {
    const now = new Date('2025-03-02T10:00:00.000Z');
    const hoursBefore = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

    /** A damaged state file (see damagedStateFile) whose last check was at `checkedAt`, with a lease row left or not. */
    async function damagedAfterCheck(checkedAt: string, leaseLeft: boolean): Promise<string> {
      const dir = await tempDir();
      const path = join(dir, 'state.db');
      const store = openSqliteStore(path);
      await store.close();
      const db = new Database(path);
      db.prepare('INSERT INTO integrity_check (id, checked_at) VALUES (1, ?)').run(checkedAt);
      if (leaseLeft) db.prepare("INSERT INTO lease (id, owner, pid, host, expires_at) VALUES (1, 'gone', 1, 'h', ?)").run(hoursBefore(1));
      db.close();
      // damagedStateFile writes to the same file: it keeps the rows above and damages the sources table.
      return (await damagedStateFile(dir)).path;
    }

    const openWhenDue = (path: string) => openSqliteStore(path, { quickCheck: 'when-due', now: () => now });

    it('checked less than a day ago: opens without checking (damage surfaces later, from the operation that meets it)', async () => {
      const path = await damagedAfterCheck(hoursBefore(23), false);
      const store = openWhenDue(path);
      try {
        await expect(store.listSources()).rejects.toMatchObject({ kind: 'corrupt', operation: 'listSources' });
      } finally {
        await store.close();
      }
    });

    it.each([
      { name: 'checked more than a day ago', checkedAt: hoursBefore(25), leaseLeft: false },
      { name: 'checked "in the future" (a clock set back)', checkedAt: hoursBefore(-1), leaseLeft: false },
      { name: 'checked an hour ago, but the last writer left its lease (it crashed or was killed)', checkedAt: hoursBefore(1), leaseLeft: true },
    ])('$name: checks at open and refuses the damaged file', async ({ checkedAt, leaseLeft }) => {
      const path = await damagedAfterCheck(checkedAt, leaseLeft);
      expect(() => openWhenDue(path)).toThrow(/integrity check failed/);
    });

    it('never checked: checks, and records the time of a check that passed', async () => {
      const path = join(await tempDir(), 'state.db');
      await openSqliteStore(path).close(); // checked at every open (quickCheck true): nothing recorded
      const checkedAt = () => {
        const db = new Database(path, { readonly: true });
        try {
          return db.prepare('SELECT checked_at FROM integrity_check').pluck().all();
        } finally {
          db.close();
        }
      };
      expect(checkedAt()).toEqual([]);
      await openWhenDue(path).close();
      expect(checkedAt()).toEqual([now.toISOString()]);
    });

    it('a new file: checked before its schema exists, and recorded once migrated', async () => {
      const path = join(await tempDir(), 'state.db');
      await openWhenDue(path).close();
      const db = new Database(path, { readonly: true });
      try {
        expect(db.prepare('SELECT checked_at FROM integrity_check').pluck().all()).toEqual([now.toISOString()]);
      } finally {
        db.close();
      }
    });
  });

  describe('refuses a path it cannot use as a state file', () => {
    it('a directory in place of the file', async () => {
      const path = join(await tempDir(), 'state.db');
      await mkdir(path);

      const error = openError(path);

      expect({ kind: error.kind, operation: error.operation, path: error.path, message: error.message }).toEqual({
        kind: 'unavailable',
        operation: 'open',
        path,
        message: `cannot open state file ${path}: it is a directory; point veille at a file path (e.g. ${path}/veille.db)`,
      });
    });

    it('a parent "directory" that is a regular file', async () => {
      const parent = join(await tempDir(), 'not-a-dir');
      await writeFile(parent, 'x');
      const path = join(parent, 'state.db');

      const error = openError(path);

      expect(error.kind).toBe('unavailable');
      expect(error.operation).toBe('open');
      expect(error.message).toMatch(
        new RegExp(`^cannot open state file ${path}: .*ENOTDIR.*; check that the path is a file in a directory veille can write$`),
      );
      expect(error.cause).toMatchObject({ code: 'ENOTDIR' });
    });

    it('a location where SQLite cannot create the write-ahead log next to the file', async () => {
      // What a read-only directory does to SQLite; made with a directory squatting the WAL's path
      // because permissions would not stop root, which runs these tests in containers.
      const dir = await tempDir();
      const path = join(dir, 'state.db');
      await mkdir(`${path}-wal`);

      const error = openError(path);

      expect(error.kind).toBe('unavailable');
      expect(error.operation).toBe('open');
      expect(error.message).toBe(
        `cannot open state file ${path}: disk I/O error; check that the path is a file in a directory veille can write`,
      );
      expect(error.cause).toMatchObject({ code: 'SQLITE_IOERR_DELETE' });
    });
  });

  it('opens a throwaway in-memory store for ":memory:"', async () => {
    const store = openSqliteStore(':memory:');
    await store.recordUnchanged('lwn', 'https://lwn.example/feed.xml', '2025-03-01T10:00:00Z', {});
    expect((await store.listSources()).map((source) => source.name)).toEqual(['lwn']);
    await store.close();
  });

  it('close() is idempotent and later calls fail with a closed StoreError', async () => {
    const path = join(await tempDir(), 'state.db');
    const store = openSqliteStore(path);
    await store.close();
    await store.close();

    await expect(store.listSources()).rejects.toMatchObject({
      name: 'StoreError',
      kind: 'closed',
      operation: 'listSources',
      path,
      message: `cannot listSources: the store on ${path} is closed`,
    });
  });
});
