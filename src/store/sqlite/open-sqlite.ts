import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../errors/store-error.js';
import { errorMessage } from '../error-message.js';
import { classifySqliteError } from './classify-sqlite-error.js';
import { findNativeBinding } from './native-binding.js';

export type SqliteDatabase = Database.Database;

export interface OpenSqliteOptions {
  /**
   * Run `PRAGMA quick_check` before use (default true). It reads every page once: well under a
   * second for a state file of a few hundred MB, and it turns a damaged file into a clear error at
   * startup instead of a failure in the middle of a cycle. `'when-due'` (`veille once`, a process
   * started every few minutes by cron): only when the last check recorded in the file is older
   * than `QUICK_CHECK_EVERY_MS`, or missing, or when the previous writer did not release the file
   * (a lease row left: it crashed or was killed); a check that passes is then recorded.
   */
  readonly quickCheck?: boolean | 'when-due';
  /** Clock of the `'when-due'` policy (default: the system clock). */
  readonly now?: () => Date;
}

/** How often a `'when-due'` open checks the file's integrity: once a day. */
export const QUICK_CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;
/** The WAL file is truncated back to this size after a checkpoint, so it never stays huge. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
const IN_MEMORY = ':memory:';
/**
 * Page size of a state file created now (SQLite's default is 4096). `seen_items` is a WITHOUT ROWID
 * table, whose interior pages hold whole rows, item texts included (about 850 bytes): at 4 KiB four
 * fit in a page, and the B-tree of 50,000 items is seven levels deep with 15 MB of interior pages;
 * at 8 KiB it is five levels and 6 MB, so each insert balances and writes fewer, fuller pages (the
 * store's part of a first read of 1,000 sources: see docs/benchmark.md, "Sixth pass"). An existing
 * file keeps its page size: SQLite only changes it for an empty file.
 */
export const NEW_FILE_PAGE_SIZE = 8192;

/**
 * Opens (creating it and its directory if missing) the SQLite state file at `path`, configured for
 * durability: WAL journal, `synchronous = FULL` (a commit is on disk before it returns; the store
 * relaxes it to NORMAL for the reads of a cycle, made durable by its sync point), foreign keys,
 * temporary storage (savepoint and statement journals) in memory.
 * Never resets a file it cannot read: a corrupt or foreign file is a `StoreError` of kind `corrupt`.
 */
export function openSqlite(path: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  const inMemory = path === IN_MEMORY;
  if (!inMemory) prepareLocation(path);

  let db: SqliteDatabase;
  try {
    const nativeBinding = findNativeBinding();
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS, ...(nativeBinding === undefined ? {} : { nativeBinding }) });
  } catch (error) {
    throw openError(path, error);
  }
  try {
    configure(db, path, inMemory);
    const policy = options.quickCheck ?? true;
    if (policy === true) quickCheck(db, path);
    else if (policy === 'when-due') {
      const now = (options.now ?? (() => new Date()))();
      if (quickCheckDue(db, now)) {
        quickCheck(db, path);
        checkedAt.set(db, now);
      }
    }
    return db;
  } catch (error) {
    db.close();
    throw error instanceof StoreError ? error : openError(path, error);
  }
}

function prepareLocation(path: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    if (!isDirectory) mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw openError(path, error);
  }
  if (isDirectory) {
    throw new StoreError(
      `cannot open state file ${path}: it is a directory; point veille at a file path (e.g. ${path}/veille.db)`,
      { engine: 'sqlite', path, operation: 'open', kind: 'unavailable' },
    );
  }
}

function configure(db: SqliteDatabase, path: string, inMemory: boolean): void {
  // Before WAL: switching an empty file to WAL writes its header with the page size of the moment.
  // A no-op on a file that has pages already (it reads nothing, so a damaged file still fails below).
  db.pragma(`page_size = ${NEW_FILE_PAGE_SIZE}`);
  // The first statement that reads the header: a foreign or damaged file fails here (SQLITE_NOTADB).
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (!inMemory && mode !== 'wal') {
    throw new StoreError(
      `cannot use state file ${path}: SQLite refused WAL journal mode (got ${String(mode)}); put the file on a local file system`,
      { engine: 'sqlite', path, operation: 'open', kind: 'unavailable' },
    );
  }
  db.pragma('synchronous = FULL');
  // A savepoint's journal (the pages it changed, to roll back to; the group commit used one per
  // operation, and still does when an operation of a batch failed) and a statement's journal are
  // spilled by SQLite to a temporary file past 64 KiB: a first read's 50 items did, and each spill
  // opened, wrote and unlinked a file (about 120 ms of a first read of 1,000 sources). In memory,
  // a journal lives as long as its savepoint or statement and weighs what it changed. Crash
  // recovery never reads it (the WAL does that), so durability is the same. Other temporary
  // storage (sorts too large for the cache) is kept in memory as well; veille's queries sort little.
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
}

function quickCheck(db: SqliteDatabase, path: string): void {
  const result = db.pragma('quick_check(1)', { simple: true });
  if (result !== 'ok') {
    throw corruptError(path, `integrity check failed: ${String(result).replace(/\s+/g, ' ')}`);
  }
}

const hasTable = (db: SqliteDatabase, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/** See OpenSqliteOptions.quickCheck. A file without the table (new, or not migrated yet) is checked. */
function quickCheckDue(db: SqliteDatabase, now: Date): boolean {
  if (!hasTable(db, 'integrity_check')) return true;
  if (hasTable(db, 'lease') && db.prepare('SELECT 1 FROM lease').get() !== undefined) return true;
  const row = db.prepare('SELECT checked_at AS checkedAt FROM integrity_check WHERE id = 1').get() as { checkedAt: string } | undefined;
  const last = row === undefined ? Number.NaN : Date.parse(row.checkedAt);
  // A time in the future (a clock set back) counts as due too.
  return !(last <= now.getTime() && now.getTime() - last < QUICK_CHECK_EVERY_MS);
}

/** When a `'when-due'` open checked a connection's file, until `recordQuickCheck` writes it down. */
const checkedAt = new WeakMap<SqliteDatabase, Date>();

/**
 * Writes down the check a `'when-due'` open made, if any: called once the file is migrated (the
 * table is created by a migration, and a file is checked before it is migrated).
 */
export function recordQuickCheck(db: SqliteDatabase): void {
  const now = checkedAt.get(db);
  if (now === undefined || !hasTable(db, 'integrity_check')) return;
  checkedAt.delete(db);
  try {
    db.prepare('INSERT INTO integrity_check (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at').run(now.toISOString());
  } catch {
    // Not recorded (the file is busy or read-only): the next open checks again, nothing worse.
  }
}

function openError(path: string, error: unknown): StoreError {
  if (classifySqliteError(error) === 'corrupt') return corruptError(path, errorMessage(error), error);
  return new StoreError(
    `cannot open state file ${path}: ${errorMessage(error)}; check that the path is a file in a directory veille can write`,
    { engine: 'sqlite', path, operation: 'open', kind: 'unavailable' },
    { cause: error },
  );
}

function corruptError(path: string, detail: string, cause?: unknown): StoreError {
  return new StoreError(
    `state file ${path} is not a SQLite database or is corrupt: ${detail}; restore a backup or move it aside (veille never resets it)`,
    { engine: 'sqlite', path, operation: 'open', kind: 'corrupt' },
    cause === undefined ? undefined : { cause },
  );
}
