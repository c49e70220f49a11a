import type { PoolClient } from 'pg';
import { StoreError } from '../../errors/store-error.js';
import { errorMessage } from '../error-message.js';
import { classifyPostgresError } from './classify-postgres-error.js';

/** One schema step. Versions are 1, 2, 3...; a migration is never edited once released: add one. */
export interface PostgresMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * The key of the session-level advisory lock held while migrating: replicas starting at once queue
 * on it, the first applies the migrations, the others find the schema current. (Other veille locks
 * use the two-key form, a separate key space.)
 */
export const MIGRATION_LOCK_KEY = 7325401117n;

/**
 * The schema of the PostgreSQL store: the same tables and rules as the SQLite file at its current
 * version (src/store/sqlite/migrations.ts), written as one step since PostgreSQL had no earlier
 * versions. Times are `timestamptz`; the item and its terms are JSON text, as written (jsonb would refuse
 * a \u0000 in a title, and nothing queries inside them).
 */
const INITIAL_SCHEMA = `
CREATE TABLE sources (
  name text PRIMARY KEY,
  url text NOT NULL,
  seeded boolean NOT NULL DEFAULT false,
  etag text,
  last_modified text,
  body_hash text,
  last_attempt_at timestamptz,
  last_success_at timestamptz,
  last_new_item_at timestamptz,
  consecutive_failures integer NOT NULL DEFAULT 0,
  last_error_kind text,
  last_error_message text,
  last_error_at timestamptz,
  next_attempt_at timestamptz,
  items_seen bigint NOT NULL DEFAULT 0,
  health text NOT NULL DEFAULT 'ok' CHECK (health IN ('ok', 'failing', 'stale'))
);

CREATE TABLE seen_items (
  source text NOT NULL REFERENCES sources (name) ON DELETE CASCADE,
  item_id text NOT NULL,
  story_key text NOT NULL,
  first_seen_at timestamptz NOT NULL,
  absent_since timestamptz,
  PRIMARY KEY (source, item_id)
);
CREATE INDEX seen_items_story_key ON seen_items (story_key);
CREATE INDEX seen_items_absent_since ON seen_items (absent_since) WHERE absent_since IS NOT NULL;

CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  destination text NOT NULL,
  story_key text NOT NULL,
  watch text NOT NULL,
  terms text NOT NULL,
  color integer,
  item text NOT NULL,
  item_published timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  enqueued_at timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  last_error text,
  finished_at timestamptz,
  source text,
  title_key text,
  UNIQUE (destination, story_key),
  CHECK ((status = 'pending') = (finished_at IS NULL))
);
CREATE INDEX outbox_pending ON outbox (destination, item_published, id) WHERE status = 'pending';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE status <> 'pending';
CREATE INDEX outbox_title_key ON outbox (destination, title_key, enqueued_at) WHERE title_key IS NOT NULL;

CREATE TABLE disabled_destinations (
  name text NOT NULL,
  fingerprint text NOT NULL,
  reason text NOT NULL,
  disabled_at timestamptz NOT NULL,
  PRIMARY KEY (name, fingerprint)
);

CREATE TABLE lease (
  id integer PRIMARY KEY CHECK (id = 1),
  owner text NOT NULL,
  pid integer NOT NULL,
  host text NOT NULL,
  expires_at timestamptz NOT NULL
);
`;

/**
 * Replay: the text of each seen item (title, bounded summary, categories, link, dates; see
 * store/item-text.ts), pruned with its record. NULL for items recorded before.
 */
const ITEM_TEXTS = `
ALTER TABLE seen_items ADD COLUMN item_text text;
CREATE INDEX seen_items_first_seen_at ON seen_items (first_seen_at) WHERE item_text IS NOT NULL;
`;

/** What each feed last said of how often to read it (FeedHints as JSON), kept across restarts. */
const FEED_HINTS = `
ALTER TABLE sources ADD COLUMN feed_hints text;
`;

/**
 * Work sharing between replicas (issue 13): who holds each source at which tick, and each
 * destination's queue, until when (see Store.claimSources).
 */
const REPLICA_CLAIMS = `
CREATE TABLE source_claims (
  name text PRIMARY KEY,
  replica text NOT NULL,
  tick timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE TABLE destination_claims (
  name text PRIMARY KEY,
  replica text NOT NULL,
  expires_at timestamptz NOT NULL
);
`;

/** How long each read of a source took and how it ended (see the SQLite migration 10). */
const SOURCE_READS = `
CREATE TABLE source_reads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL,
  at timestamptz NOT NULL,
  duration_ms integer NOT NULL CHECK (duration_ms >= 0),
  outcome text NOT NULL CHECK (outcome IN ('read', 'not-modified', 'unchanged', 'failed'))
);
CREATE INDEX source_reads_source_at ON source_reads (source, at);
`;

/** Digests (issue 15): as SQLite's migration 11 (see src/store/sqlite/migrations.ts). */
const DIGESTS = `
CREATE TABLE digest_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  watch text NOT NULL,
  destination text NOT NULL,
  source text NOT NULL,
  item_id text NOT NULL,
  story_key text NOT NULL,
  terms text NOT NULL,
  color integer,
  item text NOT NULL,
  item_published timestamptz NOT NULL,
  collected_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'claimed', 'sent', 'failed')),
  period timestamptz,
  finished_at timestamptz,
  last_error text,
  UNIQUE (watch, destination, source, item_id)
);
CREATE INDEX digest_items_pair ON digest_items (watch, destination, state);
CREATE TABLE digest_periods (
  watch text NOT NULL,
  destination text NOT NULL,
  last_period timestamptz NOT NULL,
  PRIMARY KEY (watch, destination)
);
`;

/** Story grouping (issue 14): the story window, and each story's post per destination. */
const STORIES = `
CREATE TABLE story_items (
  story_key text PRIMARY KEY,
  story_id text NOT NULL,
  added_at timestamptz NOT NULL,
  seq bigserial,
  title text NOT NULL,
  summary text NOT NULL,
  source text NOT NULL,
  grouped text NOT NULL
);
CREATE INDEX story_items_added ON story_items (added_at, seq);
CREATE INDEX story_items_story ON story_items (story_id);

CREATE TABLE story_posts (
  destination text NOT NULL,
  story_id text NOT NULL,
  ref text NOT NULL,
  lead text NOT NULL,
  also text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (destination, story_id)
);
`;

/**
 * No query reads seen_items by story_key (the SQLite store dropped the same index in its migration
 * 14); each insert still wrote an entry to it.
 */
const DROP_SEEN_ITEMS_STORY_KEY = `
DROP INDEX IF EXISTS seen_items_story_key;
`;

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  { version: 1, description: 'initial schema', sql: INITIAL_SCHEMA },
  { version: 2, description: 'item texts for replay', sql: ITEM_TEXTS },
  { version: 3, description: 'feed hints per source', sql: FEED_HINTS },
  { version: 4, description: 'replica claims', sql: REPLICA_CLAIMS },
  { version: 5, description: 'read durations per source', sql: SOURCE_READS },
  { version: 6, description: 'digests', sql: DIGESTS },
  { version: 7, description: 'story window and story posts', sql: STORIES },
  { version: 8, description: 'drop the unused story_key index of seen_items', sql: DROP_SEEN_ITEMS_STORY_KEY },
];

const SCHEMA_MIGRATIONS = `
CREATE TABLE IF NOT EXISTS veille_schema_migrations (
  version integer PRIMARY KEY,
  description text NOT NULL,
  applied_at timestamptz NOT NULL
)`;

/**
 * Brings the database to the last version of `migrations`, under the migration advisory lock, one
 * transaction per migration (a failed step leaves the previous version). Refuses a database written
 * by a newer veille. Returns the version the database is at. `where` names it in errors (no password).
 */
export async function migratePostgres(
  client: PoolClient,
  where: string,
  now: () => Date,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number> {
  assertSequential(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
  try {
    await client.query(SCHEMA_MIGRATIONS);
    const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM veille_schema_migrations');
    const current = result.rows[0]?.version ?? 0;
    if (current > latest) {
      throw new StoreError(
        `database ${where} has schema version ${current}, but this veille only knows versions up to ${latest}: ` +
          'it was written by a newer veille; upgrade veille, or point it at another database',
        { engine: 'postgres', path: where, operation: 'migrate', kind: 'newer-schema' },
      );
    }
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await applyOne(client, where, now, migration);
    }
    return Math.max(current, latest);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]).catch(() => undefined);
  }
}

async function applyOne(client: PoolClient, where: string, now: () => Date, migration: PostgresMigration): Promise<void> {
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await client.query('INSERT INTO veille_schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)', [
      migration.version,
      migration.description,
      now().toISOString(),
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new StoreError(
      `cannot migrate database ${where} to schema version ${migration.version} (${migration.description}): ` +
        `${errorMessage(error)}; the database was left at version ${migration.version - 1}`,
      { engine: 'postgres', path: where, operation: 'migrate', kind: classifyPostgresError(error) },
      { cause: error },
    );
  }
}

function assertSequential(migrations: readonly PostgresMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migrations must be numbered 1, 2, 3...: found version ${migration.version} at position ${index + 1}`);
    }
  });
}
