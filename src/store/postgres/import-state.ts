import pg from 'pg';
import { StoreError } from '../../errors/store-error.js';
import { errorMessage } from '../error-message.js';
import type { StateRows } from '../sqlite/read-state-rows.js';
import { classifyPostgresError, redactDatabaseUrl } from './classify-postgres-error.js';
import { openPostgresStore } from './postgres-store.js';
import { pgKey, pgMessage } from './pg-text.js';

export type ImportResult =
  | { readonly imported: true; readonly counts: ImportCounts }
  /** The target already holds state (the tables named): nothing was written. */
  | { readonly imported: false; readonly nonEmpty: readonly string[] };

export interface ImportCounts {
  readonly sources: number;
  readonly seenItems: number;
  readonly pending: number;
  readonly finished: number;
  readonly disabledDestinations: number;
  /** Items collected for digests, sent or not. */
  readonly digestItems: number;
  /** Items of the story window (issue 14). */
  readonly storyItems: number;
  /** Stories' posts per destination, that later coverage attaches to. */
  readonly storyPosts: number;
  /** Reads kept for the duration charts (issue 17). */
  readonly sourceReads: number;
}

/**
 * Every table that holds state worth moving. The replica claims (`source_claims`,
 * `destination_claims`) are not copied: they are transient (each expires within its lease) and a
 * replica takes fresh ones on its first tick; SQLite's own `lease` and `sync_point` have no
 * PostgreSQL counterpart to fill.
 */
const STATE_TABLES = [
  'sources',
  'seen_items',
  'outbox',
  'disabled_destinations',
  'digest_items',
  'digest_periods',
  'story_items',
  'story_posts',
  'source_reads',
] as const;
/** Rows per INSERT: a few MB of parameters at most. */
const CHUNK = 2_000;

/**
 * Writes `rows` (a SQLite state) into the EMPTY PostgreSQL database at `url`, migrating it first;
 * one transaction, with the state tables locked, so a replica started meanwhile cannot interleave.
 * Outbox ids are kept (queue order and logs match), and the id sequence continues after them.
 */
export async function importState(url: string, rows: StateRows, options: { readonly now?: () => Date } = {}): Promise<ImportResult> {
  await (await openPostgresStore(url, options.now === undefined ? {} : { now: options.now })).close();
  const where = redactDatabaseUrl(url);
  const client = new pg.Client({ connectionString: url, application_name: 'veille migrate-state' });
  try {
    await client.connect();
    await client.query('BEGIN');
    await client.query(`LOCK TABLE ${STATE_TABLES.join(', ')} IN EXCLUSIVE MODE`);
    const nonEmpty: string[] = [];
    for (const table of STATE_TABLES) {
      if ((await client.query(`SELECT 1 FROM ${table} LIMIT 1`)).rowCount !== 0) nonEmpty.push(table);
    }
    if (nonEmpty.length > 0) {
      await client.query('ROLLBACK');
      return { imported: false, nonEmpty };
    }
    await insertChunks(client, 'sources', rows.sources, [
      ['name', 'text', (r) => r.name],
      ['url', 'text', (r) => r.url],
      ['seeded', 'boolean', (r) => r.seeded === 1],
      ['etag', 'text', (r) => r.etag],
      ['last_modified', 'text', (r) => r.last_modified],
      ['body_hash', 'text', (r) => r.body_hash],
      ['last_attempt_at', 'timestamptz', (r) => r.last_attempt_at],
      ['last_success_at', 'timestamptz', (r) => r.last_success_at],
      ['last_new_item_at', 'timestamptz', (r) => r.last_new_item_at],
      ['consecutive_failures', 'integer', (r) => r.consecutive_failures],
      ['last_error_kind', 'text', (r) => r.last_error_kind],
      ['last_error_message', 'text', (r) => (r.last_error_message === null ? null : pgMessage(r.last_error_message))],
      ['last_error_at', 'timestamptz', (r) => r.last_error_at],
      ['next_attempt_at', 'timestamptz', (r) => r.next_attempt_at],
      ['items_seen', 'bigint', (r) => r.items_seen],
      ['health', 'text', (r) => r.health],
      ['feed_hints', 'text', (r) => r.feed_hints ?? null],
    ]);
    await insertChunks(client, 'seen_items', rows.seenItems, [
      ['source', 'text', (r) => r.source],
      ['item_id', 'text', (r) => pgKey(r.item_id)],
      ['story_key', 'text', (r) => pgKey(r.story_key)],
      ['first_seen_at', 'timestamptz', (r) => r.first_seen_at],
      ['absent_since', 'timestamptz', (r) => r.absent_since],
      ['item_text', 'text', (r) => r.item_text],
    ]);
    await insertChunks(
      client,
      'outbox',
      rows.outbox,
      [
        ['id', 'bigint', (r) => r.id],
        ['destination', 'text', (r) => r.destination],
        ['story_key', 'text', (r) => pgKey(r.story_key)],
        ['watch', 'text', (r) => r.watch],
        ['terms', 'text', (r) => r.terms],
        ['color', 'integer', (r) => r.color],
        ['item', 'text', (r) => r.item],
        ['item_published', 'timestamptz', (r) => r.item_published],
        ['status', 'text', (r) => r.status],
        ['attempts', 'integer', (r) => r.attempts],
        ['enqueued_at', 'timestamptz', (r) => r.enqueued_at],
        ['next_attempt_at', 'timestamptz', (r) => r.next_attempt_at],
        ['last_attempt_at', 'timestamptz', (r) => r.last_attempt_at],
        ['last_error', 'text', (r) => (r.last_error === null ? null : pgMessage(r.last_error))],
        ['finished_at', 'timestamptz', (r) => r.finished_at],
        ['source', 'text', (r) => r.source],
        ['title_key', 'text', (r) => (r.title_key === null ? null : pgKey(r.title_key))],
      ],
      'OVERRIDING SYSTEM VALUE',
    );
    // New entries continue after the copied ids.
    await client.query("SELECT setval(pg_get_serial_sequence('outbox', 'id'), GREATEST((SELECT max(id) FROM outbox), 1), (SELECT count(*) > 0 FROM outbox))");
    await insertChunks(client, 'disabled_destinations', rows.disabledDestinations, [
      ['name', 'text', (r) => r.name],
      ['fingerprint', 'text', (r) => r.fingerprint],
      ['reason', 'text', (r) => pgMessage(r.reason)],
      ['disabled_at', 'timestamptz', (r) => r.disabled_at],
    ]);
    await insertChunks(
      client,
      'digest_items',
      rows.digestItems,
      [
        ['id', 'bigint', (r) => r.id],
        ['watch', 'text', (r) => r.watch],
        ['destination', 'text', (r) => r.destination],
        ['source', 'text', (r) => r.source],
        ['item_id', 'text', (r) => pgKey(r.item_id)],
        ['story_key', 'text', (r) => pgKey(r.story_key)],
        ['terms', 'text', (r) => r.terms],
        ['color', 'integer', (r) => r.color],
        ['item', 'text', (r) => r.item],
        ['item_published', 'timestamptz', (r) => r.item_published],
        ['collected_at', 'timestamptz', (r) => r.collected_at],
        ['state', 'text', (r) => r.state],
        ['period', 'timestamptz', (r) => r.period],
        ['finished_at', 'timestamptz', (r) => r.finished_at],
        ['last_error', 'text', (r) => (r.last_error === null ? null : pgMessage(r.last_error))],
      ],
      'OVERRIDING SYSTEM VALUE',
    );
    await client.query("SELECT setval(pg_get_serial_sequence('digest_items', 'id'), GREATEST((SELECT max(id) FROM digest_items), 1), (SELECT count(*) > 0 FROM digest_items))");
    await insertChunks(client, 'digest_periods', rows.digestPeriods, [
      ['watch', 'text', (r) => r.watch],
      ['destination', 'text', (r) => r.destination],
      ['last_period', 'timestamptz', (r) => r.last_period],
    ]);
    // Story window: `seq` kept (the order items were added, that the index is rebuilt in), and the
    // sequence continues after it. Texts and keys escaped as the store's own addStoryItems does.
    await insertChunks(client, 'story_items', rows.storyItems, [
      ['story_key', 'text', (r) => pgKey(r.story_key)],
      ['story_id', 'text', (r) => pgKey(r.story_id)],
      ['added_at', 'timestamptz', (r) => r.added_at],
      ['seq', 'bigint', (r) => r.seq],
      ['title', 'text', (r) => pgMessage(r.title)],
      ['summary', 'text', (r) => pgMessage(r.summary)],
      ['source', 'text', (r) => pgMessage(r.source)],
      ['grouped', 'text', (r) => r.grouped],
    ]);
    await client.query("SELECT setval(pg_get_serial_sequence('story_items', 'seq'), GREATEST((SELECT max(seq) FROM story_items), 1), (SELECT count(*) > 0 FROM story_items))");
    await insertChunks(client, 'story_posts', rows.storyPosts, [
      ['destination', 'text', (r) => r.destination],
      ['story_id', 'text', (r) => pgKey(r.story_id)],
      ['ref', 'text', (r) => r.ref],
      ['lead', 'text', (r) => r.lead],
      ['also', 'text', (r) => r.also],
      ['updated_at', 'timestamptz', (r) => r.updated_at],
    ]);
    await insertChunks(
      client,
      'source_reads',
      rows.sourceReads,
      [
        ['id', 'bigint', (r) => r.id],
        ['source', 'text', (r) => r.source],
        ['at', 'timestamptz', (r) => r.at],
        ['duration_ms', 'integer', (r) => r.duration_ms],
        ['outcome', 'text', (r) => r.outcome],
      ],
      'OVERRIDING SYSTEM VALUE',
    );
    await client.query("SELECT setval(pg_get_serial_sequence('source_reads', 'id'), GREATEST((SELECT max(id) FROM source_reads), 1), (SELECT count(*) > 0 FROM source_reads))");
    await client.query('COMMIT');
    const pending = rows.outbox.filter((row) => row.status === 'pending').length;
    return {
      imported: true,
      counts: {
        sources: rows.sources.length,
        seenItems: rows.seenItems.length,
        pending,
        finished: rows.outbox.length - pending,
        disabledDestinations: rows.disabledDestinations.length,
        digestItems: rows.digestItems.length,
        storyItems: rows.storyItems.length,
        storyPosts: rows.storyPosts.length,
        sourceReads: rows.sourceReads.length,
      },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error instanceof StoreError
      ? error
      : new StoreError(`cannot copy the state into PostgreSQL database ${where}: ${errorMessage(error)}; nothing was written`, {
          engine: 'postgres',
          path: where,
          operation: 'importState',
          kind: classifyPostgresError(error),
        }, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

type Column<Row> = readonly [name: string, type: string, value: (row: Row) => unknown];

/** INSERT ... SELECT FROM unnest(...) of `rows`, CHUNK at a time, in their order. */
async function insertChunks<Row>(client: pg.Client, table: string, rows: readonly Row[], columns: readonly Column<Row>[], overriding = ''): Promise<void> {
  const names = columns.map(([name]) => name).join(', ');
  const unnest = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) ${overriding} SELECT * FROM unnest(${unnest})`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await client.query(sql, columns.map(([, , value]) => chunk.map(value)));
  }
}
