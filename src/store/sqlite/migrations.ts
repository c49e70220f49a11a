import { StoreError } from '../../errors/store-error.js';
import { errorMessage } from '../error-message.js';
import { classifySqliteError } from './classify-sqlite-error.js';
import type { SqliteDatabase } from './open-sqlite.js';

/** One schema step. Versions are 1, 2, 3...; a migration is never edited once released: add one. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * Seen items are forgotten once absent from their feed for the retention period (`absent_since`),
 * never while a feed still lists them; stories live while a seen item refers to them.
 * Times are canonical ISO strings (see iso-time.ts), so they compare as text.
 */
const INITIAL_SCHEMA = `
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  description TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
  name TEXT PRIMARY KEY NOT NULL,
  url TEXT NOT NULL,
  seeded INTEGER NOT NULL DEFAULT 0 CHECK (seeded IN (0, 1)),
  etag TEXT,
  last_modified TEXT,
  body_hash TEXT,
  last_attempt_at TEXT,
  last_success_at TEXT,
  last_new_item_at TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error_kind TEXT,
  last_error_message TEXT,
  last_error_at TEXT,
  next_attempt_at TEXT,
  items_seen INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE seen_items (
  source TEXT NOT NULL REFERENCES sources (name) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  story_key TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  absent_since TEXT,
  PRIMARY KEY (source, item_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX seen_items_story_key ON seen_items (story_key);
CREATE INDEX seen_items_present ON seen_items (source, item_id) WHERE absent_since IS NULL;
CREATE INDEX seen_items_absent_since ON seen_items (absent_since) WHERE absent_since IS NOT NULL;

CREATE TABLE stories (
  story_key TEXT PRIMARY KEY NOT NULL,
  first_seen_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  destination TEXT NOT NULL,
  story_key TEXT NOT NULL,
  watch TEXT NOT NULL,
  terms TEXT NOT NULL,
  color INTEGER,
  item TEXT NOT NULL,
  item_published TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  enqueued_at TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  last_attempt_at TEXT,
  last_error TEXT,
  finished_at TEXT,
  UNIQUE (destination, story_key),
  CHECK ((status = 'pending') = (finished_at IS NULL))
) STRICT;
CREATE INDEX outbox_pending ON outbox (destination, item_published, id) WHERE status = 'pending';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE status <> 'pending';

CREATE TABLE disabled_destinations (
  name TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  reason TEXT NOT NULL,
  disabled_at TEXT NOT NULL,
  PRIMARY KEY (name, fingerprint)
) STRICT, WITHOUT ROWID;
`;

/** Source health as last notified: a notice goes out on each change, never twice for one. */
const SOURCE_HEALTH = `
ALTER TABLE sources ADD COLUMN health TEXT NOT NULL DEFAULT 'ok' CHECK (health IN ('ok', 'failing', 'stale'));
`;

/**
 * Headline keys (see cycle/title-key.ts): one story seen through an aggregator and through the
 * outlet's own feed has two links but one headline. Kept with the first source that showed it.
 */
const TITLE_KEYS = `
CREATE TABLE title_keys (
  title_key TEXT PRIMARY KEY NOT NULL,
  source TEXT NOT NULL,
  first_seen_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX title_keys_first_seen_at ON title_keys (first_seen_at);
`;

/**
 * Dedupe is per destination: a story (link) or headline already enqueued for a destination is not
 * enqueued for it again. A sighting that posted nothing (no match, first read, another watch's
 * source) no longer blocks a later matching one, so the global stories and headline tables go.
 */
const DEDUPE_PER_DESTINATION = `
ALTER TABLE outbox ADD COLUMN source TEXT;
ALTER TABLE outbox ADD COLUMN title_key TEXT;
CREATE INDEX outbox_title_key ON outbox (destination, title_key, enqueued_at) WHERE title_key IS NOT NULL;
DROP TABLE title_keys;
DROP TABLE stories;
`;

/** One process writes a state file at a time (two would both send every pending entry). */
const LEASE = `
CREATE TABLE lease (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  owner TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  expires_at TEXT NOT NULL
) STRICT;
`;

/**
 * A row the sync point rewrites: a commit must write something to be made durable, and this one
 * makes every source read committed before it durable too (see Store.syncPoint).
 */
const SYNC_POINT = `
CREATE TABLE sync_point (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  count INTEGER NOT NULL,
  at TEXT
) STRICT;
INSERT INTO sync_point (id, count, at) VALUES (1, 0, NULL);
`;

/**
 * Replay: the text of each seen item (title, bounded summary, categories, link, dates; see
 * store/item-text.ts), pruned with its record. NULL for items recorded before.
 */
const ITEM_TEXTS = `
ALTER TABLE seen_items ADD COLUMN item_text TEXT;
CREATE INDEX seen_items_first_seen_at ON seen_items (first_seen_at) WHERE item_text IS NOT NULL;
`;

/** What each feed last said of how often to read it (FeedHints as JSON), kept across restarts. */
const FEED_HINTS = `
ALTER TABLE sources ADD COLUMN feed_hints TEXT;
`;

/**
 * Work sharing between replicas (issue 13): who holds each source at which tick, and each
 * destination's queue, until when. Times are ISO text like every other column.
 */
const REPLICA_CLAIMS = `
CREATE TABLE source_claims (
  name TEXT PRIMARY KEY,
  replica TEXT NOT NULL,
  tick TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE destination_claims (
  name TEXT PRIMARY KEY,
  replica TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
`;

/**
 * How long each read of a source took and how it ended, for the web page's chart: the last
 * SOURCE_READS_KEPT reads of each source (see Store.recordSourceRead), pruned with the retention.
 */
const SOURCE_READS = `
CREATE TABLE source_reads (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
  outcome TEXT NOT NULL CHECK (outcome IN ('read', 'not-modified', 'unchanged', 'failed'))
) STRICT;
-- Covering: the page reads every source's reads in this order without touching the table.
CREATE INDEX source_reads_source_at ON source_reads (source, at, id, duration_ms, outcome);
`;

/**
 * Digests (issue 15): matches collected per (watch, destination) until the digest fires, each
 * waiting -> claimed (period: the fire time of its digest) -> sent or failed; and the last period
 * claimed per pair, so a digest is claimed once.
 */
const DIGESTS = `
CREATE TABLE digest_items (
  id INTEGER PRIMARY KEY,
  watch TEXT NOT NULL,
  destination TEXT NOT NULL,
  source TEXT NOT NULL,
  item_id TEXT NOT NULL,
  story_key TEXT NOT NULL,
  terms TEXT NOT NULL,
  color INTEGER,
  item TEXT NOT NULL,
  item_published TEXT NOT NULL,
  collected_at TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'claimed', 'sent', 'failed')),
  period TEXT,
  finished_at TEXT,
  last_error TEXT,
  UNIQUE (watch, destination, source, item_id)
);
CREATE INDEX digest_items_pair ON digest_items (watch, destination, state);
CREATE TABLE digest_periods (
  watch TEXT NOT NULL,
  destination TEXT NOT NULL,
  last_period TEXT NOT NULL,
  PRIMARY KEY (watch, destination)
);
`;

/** Story grouping (issue 14): the story window, and each story's post per destination. */
const STORIES = `
CREATE TABLE story_items (
  story_key TEXT PRIMARY KEY NOT NULL,
  story_id TEXT NOT NULL,
  added_at TEXT NOT NULL,
  seq INTEGER NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  source TEXT NOT NULL,
  grouped TEXT NOT NULL
) STRICT;
CREATE INDEX story_items_added ON story_items (added_at, seq);
CREATE INDEX story_items_story ON story_items (story_id);

CREATE TABLE story_posts (
  destination TEXT NOT NULL,
  story_id TEXT NOT NULL,
  ref TEXT NOT NULL,
  lead TEXT NOT NULL,
  also TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (destination, story_id)
) STRICT;
`;

/**
 * When the state file's integrity was last checked (`PRAGMA quick_check`, see open-sqlite.ts):
 * `veille once` checks it when that is older than a day, not at every start.
 */
const INTEGRITY_CHECK = `
CREATE TABLE integrity_check (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at TEXT NOT NULL
) STRICT;
`;

/**
 * The index on seen_items (story_key) served the stories table, which migration 4 dropped; no query
 * has used it since. Each insert still wrote an entry to it, on a page of its own (story keys are
 * links: random order), so a first read of 50 items wrote about 50 more pages than the rows did.
 */
const DROP_SEEN_ITEMS_STORY_KEY = `
DROP INDEX IF EXISTS seen_items_story_key;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'initial schema', sql: INITIAL_SCHEMA },
  { version: 2, description: 'source health notices', sql: SOURCE_HEALTH },
  { version: 3, description: 'headline keys for cross-source dedupe', sql: TITLE_KEYS },
  { version: 4, description: 'dedupe per destination', sql: DEDUPE_PER_DESTINATION },
  { version: 5, description: 'single-writer lease', sql: LEASE },
  { version: 6, description: 'sync point', sql: SYNC_POINT },
  { version: 7, description: 'item texts for replay', sql: ITEM_TEXTS },
  { version: 8, description: 'feed hints per source', sql: FEED_HINTS },
  { version: 9, description: 'replica claims', sql: REPLICA_CLAIMS },
  { version: 10, description: 'read durations per source', sql: SOURCE_READS },
  { version: 11, description: 'digests', sql: DIGESTS },
  { version: 12, description: 'story window and story posts', sql: STORIES },
  { version: 13, description: 'time of the last integrity check', sql: INTEGRITY_CHECK },
  { version: 14, description: 'drop the unused story_key index of seen_items', sql: DROP_SEEN_ITEMS_STORY_KEY },
];

export function schemaVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the state file to the last version of `migrations`, one transaction per migration (a
 * failed step leaves the file at the previous version). Refuses a file from a newer veille.
 * Returns the version the file is at.
 */
export function migrate(
  db: SqliteDatabase,
  path: string,
  now: () => Date,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  assertSequential(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreError(
      `state file ${path} has schema version ${current}, but this veille only knows versions up to ${latest}: ` +
        'it was written by a newer veille; upgrade veille, or point it at another state file',
      { engine: 'sqlite', path, operation: 'migrate', kind: 'newer-schema' },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    applyOne(db, path, now, migration);
  }
  return Math.max(current, latest);
}

function applyOne(db: SqliteDatabase, path: string, now: () => Date, migration: Migration): void {
  const apply = db.transaction(() => {
    // Another process may have migrated while this one waited for the write lock.
    if (schemaVersion(db) >= migration.version) return;
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.description,
      now().toISOString(),
    );
    db.pragma(`user_version = ${migration.version}`);
  });
  try {
    apply.immediate();
  } catch (error) {
    throw new StoreError(
      `cannot migrate state file ${path} to schema version ${migration.version} (${migration.description}): ` +
        `${errorMessage(error)}; the file was left at version ${migration.version - 1}`,
      { engine: 'sqlite', path, operation: 'migrate', kind: classifySqliteError(error) },
      { cause: error },
    );
  }
}

function assertSequential(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations must be numbered 1, 2, 3...: found version ${migration.version} at position ${index + 1}`);
    }
  });
}
