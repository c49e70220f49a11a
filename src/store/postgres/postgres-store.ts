import pg from 'pg';
import pLimit from 'p-limit';
import { StoreError } from '../../errors/store-error.js';
import { errorMessage } from '../error-message.js';
import { canonicalIsoTime } from '../iso-time.js';
import { feedHintsToColumn } from '../feed-hints-column.js';
import { dueHead, outboxOrderTime, plannedDeliveriesStand, presentItemIds, readSeedsSource, titleWindowStart } from '../policy.js';
import type {
  StoryPost,
  StoryWindowItem,
  FeedHints,
  NewItemCount,
  SourceRead,
  SourceReadSeries,
  DeliveryFilter,
  DeliveryRecord,
  CommitResult,
  DigestEntry,
  DigestPair,
  OrphanDigestCount,
  HealthTransition,
  LeaseHolder,
  LeaseResult,
  OutboxEntry,
  PostedItem,
  SeenItemFilter,
  SeenItemRecord,
  SourceFailure,
  SourceRecord,
  SourceSuccess,
  SourceValidators,
  Store,
} from '../store.js';
import { classifyPostgresError, redactDatabaseUrl } from './classify-postgres-error.js';
import { migratePostgres } from './migrations.js';
import { pgKey, pgMessage } from './pg-text.js';
import { listPostedItems, listSeenItems } from './replay-queries.js';
import { countNewItems, listSourceReads, recordSourceReads } from './chart-queries.js';
import { createWriteBatcher, type WriteBatcher } from './write-batches.js';
import { checkPeriodBounds, checkSourceRead } from '../chart-input.js';
import * as stories from './story-queries.js';
import { itemTextJson } from '../item-text.js';
import { toDigestEntry } from '../digest-rows.js';
import { expireOrphanDigests, listCollectedItems } from './digest-leftover-queries.js';
import { toDeliveryRecord, toOutboxEntry, toSourceRecord, type PgDeliveryRow, type PgOutboxRow, type PgSourceRow } from './postgres-rows.js';

type Client = pg.PoolClient;

export interface PostgresStoreOptions {
  /** Clock for the store's own records (when a migration was applied). */
  readonly now?: () => Date;
  /** Connections in the pool (default 4: a cycle's writes are short transactions). */
  readonly maxConnections?: number;
  /** How long opening a connection may take before it fails (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/**
 * First key of the two-key advisory locks the store takes inside a transaction (the migration lock
 * uses the one-key form, a separate key space). The second key is a hash of what is locked.
 */
const TITLE_LOCK_CLASS = 0x7e11e;
const LEASE_LOCK_CLASS = 0x7e11f;
/** First key of the session advisory lock under which replicas place items in the story window (second key 1). */
const STORY_LOCK_CLASS = 0x5702e;

const CLEAR_FAILURE = `
  consecutive_failures = 0,
  last_error_kind = NULL,
  last_error_message = NULL,
  last_error_at = NULL,
  next_attempt_at = NULL`;

const ENSURE_SOURCE = 'INSERT INTO sources (name, url) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING';

/** Inserts planned deliveries in order, skipping a story already queued there (UNIQUE) and a headline another source queued there since $3. */
const ENQUEUE = `
  INSERT INTO outbox (destination, story_key, watch, terms, color, item, item_published, enqueued_at, next_attempt_at, source, title_key)
  SELECT d.destination, d.story_key, d.watch, d.terms, d.color, d.item, d.item_published, $1, $1, $2, d.title_key
  FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::integer[], $9::text[], $10::timestamptz[], $11::text[])
    WITH ORDINALITY AS d (destination, story_key, watch, terms, color, item, item_published, title_key, ord)
  WHERE d.title_key IS NULL OR NOT EXISTS (
    SELECT 1 FROM outbox o
    WHERE o.destination = d.destination AND o.title_key = d.title_key AND o.source <> $2 AND o.enqueued_at >= $3)
  ORDER BY d.ord
  ON CONFLICT (destination, story_key) DO NOTHING
  RETURNING id`;

/**
 * Opens the PostgreSQL database at `url` (a `postgres://` URL), migrating it to the latest schema
 * under an advisory lock (replicas starting together: one migrates, the others wait). Throws a
 * `StoreError` when the server cannot be reached or the schema is from a newer veille.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const where = redactDatabaseUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'veille',
  });
  // An idle connection the server closed: the pool drops it, the next query reports the problem.
  pool.on('error', () => undefined);
  // The same for a connection lost while checked out between two queries (in a transaction): without
  // a listener its 'error' event would crash the process; the query in progress, or the next one,
  // fails with the cause and the connection is discarded.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  let client: Client;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError(
      `cannot connect to PostgreSQL at ${where}: ${errorMessage(error)}; check that the server runs and the URL (VEILLE_DATABASE_URL or settings.database)`,
      { engine: 'postgres', path: where, operation: 'open', kind: classifyPostgresError(error) },
      { cause: error },
    );
  }
  try {
    await migratePostgres(client, where, options.now ?? (() => new Date()));
    client.release();
  } catch (error) {
    client.release(true);
    await pool.end().catch(() => undefined);
    throw error instanceof StoreError ? error : wrap(where, 'open', error);
  }
  return new PostgresStore(pool, where);
}

/**
 * The `Store` on a pool of PostgreSQL connections. Each write is one transaction, durable when its
 * promise resolves (so `syncPoint` has nothing left to do). Concurrent writes of several processes
 * keep the SQLite semantics: the UNIQUE (destination, story_key) key and row locks make the outbox
 * and health transitions race-free, and an advisory lock per (destination, headline) serializes the
 * title-window check.
 */
export class PostgresStore implements Store {
  /** The database URL without its password. */
  readonly path: string;
  readonly #pool: pg.Pool;
  #closed = false;
  /** Waiters for the story lock in this process, one at a time (see withStoryLock). */
  readonly #storyLock = pLimit(1);

  /** Reads that end together are recorded together (see write-batches.ts): one round trip per batch. */
  readonly #unchanged: WriteBatcher<UnchangedRow>;
  readonly #reads: WriteBatcher<SourceRead>;

  /** Use `openPostgresStore`, which migrates the database first. */
  constructor(pool: pg.Pool, where: string) {
    this.#pool = pool;
    this.path = where;
    this.#unchanged = createWriteBatcher<UnchangedRow>({ key: (row) => row.source, run: (rows) => recordUnchangedRows(pool, rows) });
    this.#reads = createWriteBatcher<SourceRead>({ key: (read) => read.source, run: (reads) => this.#transaction((client) => recordSourceReads(client, reads)) });
  }

  async getSource(name: string): Promise<SourceRecord | undefined> {
    return this.#run('getSource', async () => {
      const { rows } = await this.#pool.query<PgSourceRow>('SELECT s.*, c.replica AS last_read_by FROM sources s LEFT JOIN source_claims c ON c.name = s.name WHERE s.name = $1', [name]);
      return rows[0] === undefined ? undefined : toSourceRecord(rows[0]);
    });
  }

  async getSources(names: readonly string[]): Promise<Map<string, SourceRecord>> {
    return this.#run('getSources', async () => {
      if (names.length === 0) return new Map<string, SourceRecord>();
      const { rows } = await this.#pool.query<PgSourceRow>({
        name: 'veille-get-sources',
        text: 'SELECT s.*, c.replica AS last_read_by FROM sources s LEFT JOIN source_claims c ON c.name = s.name WHERE s.name = ANY ($1::text[])',
        values: [[...new Set(names)]],
      });
      return new Map(rows.map((row) => [row.name, toSourceRecord(row)]));
    });
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.#run('listSources', async () => {
      // COLLATE "C": byte order, as SQLite sorts, whatever the database's collation.
      const { rows } = await this.#pool.query<PgSourceRow>('SELECT s.*, c.replica AS last_read_by FROM sources s LEFT JOIN source_claims c ON c.name = s.name ORDER BY s.name COLLATE "C"');
      return rows.map(toSourceRecord);
    });
  }

  async unseenItemIds(source: string, ids: readonly string[]): Promise<Set<string>> {
    return this.#run('unseenItemIds', async () => {
      if (ids.length === 0) return new Set<string>();
      const { rows } = await this.#pool.query<{ ord: string }>(
        `SELECT t.ord FROM unnest($2::text[]) WITH ORDINALITY AS t (id, ord)
         WHERE NOT EXISTS (SELECT 1 FROM seen_items WHERE source = $1 AND item_id = t.id)`,
        [source, ids.map(pgKey)],
      );
      return new Set(rows.map((row) => ids[Number(row.ord) - 1] ?? ''));
    });
  }

  async commitSourceSuccess(input: SourceSuccess): Promise<CommitResult> {
    return this.#run('commitSourceSuccess', async () => {
      const at = this.#time(input.at, 'at', 'commitSourceSuccess');
      // Serialized before the transaction: a value that cannot be stored fails before any write.
      const planned = input.items.map(({ item, deliveries, titleKey, postable }) => ({
        item,
        deliveries,
        titleKey,
        json: JSON.stringify(item),
        text: itemTextJson(item, postable ?? true),
      }));
      return this.#transaction(async (client) => {
        await client.query(ENSURE_SOURCE, [input.source, input.url]);
        // The row lock orders this commit with a prune unseeding the source (prune locks sources first too).
        const { rows: state } = await client.query<{ seeded: boolean }>('SELECT seeded FROM sources WHERE name = $1 FOR UPDATE', [input.source]);
        const stand = plannedDeliveriesStand(input, state[0]?.seeded === true);
        const seen = await client.query<{ item_id: string }>(
          `INSERT INTO seen_items (source, item_id, story_key, first_seen_at, item_text)
           SELECT $1, t.id, t.story_key, $4, t.item_text
           FROM unnest($2::text[], $3::text[], $5::text[]) WITH ORDINALITY AS t (id, story_key, item_text, ord)
           ORDER BY t.ord
           ON CONFLICT (source, item_id) DO NOTHING
           RETURNING item_id`,
          [
            input.source,
            planned.map(({ item }) => pgKey(item.id)),
            planned.map(({ item }) => pgKey(item.storyKey)),
            at,
            planned.map(({ text }) => text),
          ],
        );
        const inserted = new Set(seen.rows.map((row) => row.item_id));
        const rows: EnqueueRow[] = [];
        const collected: CollectRow[] = [];
        for (const { item, deliveries, titleKey, json } of planned) {
          // Only the first sight of an id in this batch is new (an id passed twice counts once).
          if (!inserted.delete(pgKey(item.id)) || !stand) continue;
          const itemPublished = outboxOrderTime(item.published, at);
          for (const delivery of deliveries) {
            if (delivery.digest === true) {
              collected.push({ watch: delivery.watch, destination: delivery.destination, itemId: pgKey(item.id), storyKey: pgKey(item.storyKey), terms: JSON.stringify(delivery.terms), color: delivery.color ?? null, item: json, itemPublished });
              continue;
            }
            rows.push({
              destination: delivery.destination,
              storyKey: pgKey(item.storyKey),
              watch: delivery.watch,
              terms: JSON.stringify(delivery.terms),
              color: delivery.color ?? null,
              item: json,
              itemPublished,
              titleKey: titleKey === undefined ? null : pgKey(titleKey),
            });
          }
        }
        const enqueued = await enqueue(client, rows, { at, source: input.source, since: titleWindowStart(at) });
        await collectForDigests(client, collected, { at, source: input.source });
        const listed = presentItemIds(input);
        if (listed !== undefined) {
          await client.query(
            `UPDATE seen_items SET absent_since = NULL
             WHERE source = $1 AND item_id = ANY ($2::text[]) AND absent_since IS NOT NULL`,
            [input.source, listed.map(pgKey)],
          );
          await client.query(
            `UPDATE seen_items SET absent_since = $3
             WHERE source = $1 AND absent_since IS NULL AND NOT (item_id = ANY ($2::text[]))`,
            [input.source, listed.map(pgKey), at],
          );
        }
        // Not standing: the source stays unseeded, without validators, so that its next read is a full first read.
        const v = validatorValues(stand ? input.validators : {});
        await client.query(
          `UPDATE sources SET
             url = $2,
             seeded = CASE WHEN $3::boolean THEN true WHEN url <> $2 THEN false ELSE seeded END,
             etag = $4, last_modified = $5, body_hash = $6,
             last_attempt_at = $7, last_success_at = $7,
             last_new_item_at = CASE WHEN $8::integer > 0 THEN $7 ELSE last_new_item_at END,
             items_seen = items_seen + $8::integer,
             ${CLEAR_FAILURE}
           WHERE name = $1`,
          [input.source, input.url, stand && readSeedsSource(input), v.etag, v.lastModified, v.bodyHash, at, seen.rowCount ?? 0],
        );
        const newItems = seen.rowCount ?? 0;
        return stand ? { newItems, enqueued } : { newItems, enqueued, reseeded: true };
      });
    });
  }

  async recordUnchanged(source: string, url: string, at: string, validators: SourceValidators): Promise<void> {
    return this.#run('recordUnchanged', async () => {
      const time = this.#time(at, 'at', 'recordUnchanged');
      await this.#unchanged.submit({ source, url, at: time, ...validatorValues(validators) });
    });
  }

  async recordFeedHints(source: string, hints: FeedHints): Promise<void> {
    return this.#run('recordFeedHints', async () => {
      await this.#pool.query('UPDATE sources SET feed_hints = $2 WHERE name = $1', [source, feedHintsToColumn(hints)]);
    });
  }

  async recordFailure(source: string, url: string, failure: SourceFailure): Promise<void> {
    return this.#run('recordFailure', async () => {
      const at = this.#time(failure.at, 'at', 'recordFailure');
      const nextAttemptAt = failure.nextAttemptAt === undefined ? null : this.#time(failure.nextAttemptAt, 'nextAttemptAt', 'recordFailure');
      await this.#transaction(async (client) => {
        await client.query(ENSURE_SOURCE, [source, url]);
        // A source whose URL changed is a new feed: unseeded, without the old validators (SET sees the old url).
        await client.query(
          `UPDATE sources SET
             url = $2,
             seeded = CASE WHEN url <> $2 THEN false ELSE seeded END,
             etag = CASE WHEN url <> $2 THEN NULL ELSE etag END,
             last_modified = CASE WHEN url <> $2 THEN NULL ELSE last_modified END,
             body_hash = CASE WHEN url <> $2 THEN NULL ELSE body_hash END,
             last_attempt_at = $3,
             consecutive_failures = consecutive_failures + 1,
             last_error_kind = $4, last_error_message = $5, last_error_at = $3,
             next_attempt_at = $6
           WHERE name = $1`,
          [source, url, at, failure.kind, pgMessage(failure.message), nextAttemptAt],
        );
      });
    });
  }

  async transitionSourceHealth(input: HealthTransition): Promise<boolean> {
    return this.#run('transitionSourceHealth', async () => {
      const at = this.#time(input.at, 'at', 'transitionSourceHealth');
      const item = JSON.stringify(input.notice);
      return this.#transaction(async (client) => {
        await client.query(ENSURE_SOURCE, [input.source, input.url]);
        // The row lock makes a concurrent transition wait, then find the health changed.
        const changed = await client.query('UPDATE sources SET health = $3 WHERE name = $1 AND health = $2', [input.source, input.from, input.to]);
        if (changed.rowCount === 0) return false;
        const rows = input.deliveries.map(
          (delivery): EnqueueRow => ({
            destination: delivery.destination,
            storyKey: pgKey(input.notice.storyKey),
            watch: delivery.watch,
            terms: JSON.stringify(delivery.terms),
            color: delivery.color ?? null,
            item,
            itemPublished: at,
            titleKey: null,
          }),
        );
        await enqueue(client, rows, { at, source: null, since: at });
        return true;
      });
    });
  }

  async acquireLease(holder: LeaseHolder, at: string, expiresAt: string, takeOver?: (current: LeaseHolder) => boolean): Promise<LeaseResult> {
    return this.#run('acquireLease', async () => {
      const now = this.#time(at, 'at', 'acquireLease');
      const until = this.#time(expiresAt, 'expiresAt', 'acquireLease');
      return this.#transaction(async (client): Promise<LeaseResult> => {
        await client.query('SELECT pg_advisory_xact_lock($1, 1)', [LEASE_LOCK_CLASS]);
        const { rows } = await client.query<{ owner: string; pid: number; host: string; expires_at: Date }>(
          'SELECT owner, pid, host, expires_at FROM lease WHERE id = 1',
        );
        const current = rows[0];
        const free =
          current === undefined ||
          current.expires_at.toISOString() <= now ||
          current.owner === holder.owner ||
          (takeOver?.({ owner: current.owner, pid: current.pid, host: current.host }) ?? false);
        if (!free) {
          return { granted: false, holder: { owner: current.owner, pid: current.pid, host: current.host }, expiresAt: current.expires_at.toISOString() };
        }
        await client.query(
          `INSERT INTO lease (id, owner, pid, host, expires_at) VALUES (1, $1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host, expires_at = excluded.expires_at`,
          [holder.owner, holder.pid, holder.host, until],
        );
        return { granted: true };
      });
    });
  }

  async releaseLease(owner: string): Promise<void> {
    return this.#run('releaseLease', async () => {
      await this.#pool.query('DELETE FROM lease WHERE id = 1 AND owner = $1', [owner]);
    });
  }

  async expirePending(enqueuedBefore: string, at: string, reason: string): Promise<ReadonlyMap<string, number>> {
    return this.#run('expirePending', async () => {
      const before = this.#time(enqueuedBefore, 'enqueuedBefore', 'expirePending');
      const time = this.#time(at, 'at', 'expirePending');
      const { rows } = await this.#pool.query<{ destination: string }>(
        `UPDATE outbox SET status = 'failed', finished_at = $2, last_error = $3
         WHERE status = 'pending' AND enqueued_at < $1
         RETURNING destination`,
        [before, time, pgMessage(reason)],
      );
      const counts = new Map<string, number>();
      for (const { destination } of rows) counts.set(destination, (counts.get(destination) ?? 0) + 1);
      return counts;
    });
  }

  /** Every write is durable once its promise resolved (a PostgreSQL COMMIT): nothing left to sync. */
  async syncPoint(at: string): Promise<void> {
    return this.#run('syncPoint', async () => {
      this.#time(at, 'at', 'syncPoint');
    });
  }

  async checkWritable(): Promise<void> {
    return this.#run('checkWritable', async () => {
      const { rows } = await this.#pool.query<{ recovery: boolean; read_only: string }>(
        "SELECT pg_is_in_recovery() AS recovery, current_setting('transaction_read_only') AS read_only",
      );
      const row = rows[0];
      if (row === undefined || row.recovery || row.read_only === 'on') {
        throw new StoreError(`database ${this.path} is read-only (a standby, or default_transaction_read_only)`, {
          engine: 'postgres',
          path: this.path,
          operation: 'checkWritable',
          kind: 'unavailable',
        });
      }
    });
  }

  async dueDeliveries(destination: string, now: string, limit: number): Promise<OutboxEntry[]> {
    return this.#run('dueDeliveries', async () => {
      if (!Number.isInteger(limit) || limit < 0) {
        throw this.#invalid('dueDeliveries', `limit must be a non-negative integer, got ${limit}`);
      }
      const time = this.#time(now, 'now', 'dueDeliveries');
      const { rows } = await this.#pool.query<PgOutboxRow>(
        `SELECT id, destination, watch, terms, color, item, attempts, enqueued_at, next_attempt_at, last_error
         FROM outbox
         WHERE destination = $1 AND status = 'pending'
         ORDER BY item_published, id
         LIMIT $2`,
        [destination, limit],
      );
      // The queue is ordered: an entry waiting for its retry time holds back the ones behind it.
      return dueHead(rows.map(toOutboxEntry), time);
    });
  }

  async listDeliveries(filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    return this.#run('listDeliveries', async () => {
      if (!Number.isInteger(filter.limit) || filter.limit < 0) {
        throw this.#invalid('listDeliveries', `limit must be a non-negative integer, got ${filter.limit}`);
      }
      const since = filter.since === undefined ? null : this.#time(filter.since, 'since', 'listDeliveries');
      const until = filter.until === undefined ? null : this.#time(filter.until, 'until', 'listDeliveries');
      const { rows } = await this.#pool.query<PgDeliveryRow>(
        `SELECT id, destination, watch, terms, item, coalesce(source, item::jsonb ->> 'source') AS source, status, attempts,
                enqueued_at, next_attempt_at, last_attempt_at, finished_at, last_error
         FROM outbox
         WHERE ($1::text IS NULL OR watch = $1) AND ($2::text IS NULL OR destination = $2) AND ($3::text IS NULL OR status = $3)
           AND ($4::timestamptz IS NULL OR enqueued_at >= $4) AND ($5::timestamptz IS NULL OR enqueued_at < $5)
           AND ($6::bigint IS NULL OR id < $6)
         ORDER BY id DESC
         LIMIT $7`,
        [filter.watch ?? null, filter.destination ?? null, filter.status ?? null, since, until, filter.beforeId ?? null, filter.limit],
      );
      return rows.map(toDeliveryRecord);
    });
  }

  async listSeenItems(filter: SeenItemFilter): Promise<SeenItemRecord[]> {
    return this.#run('listSeenItems', async () => {
      const since = this.#time(filter.since, 'since', 'listSeenItems');
      if (!Number.isInteger(filter.limit) || filter.limit < 0) {
        throw this.#invalid('listSeenItems', `limit must be a non-negative integer, got ${filter.limit}`);
      }
      return listSeenItems(this.#pool, since, filter.source ?? null, filter.limit);
    });
  }

  async countNewItems(bounds: readonly string[]): Promise<NewItemCount[]> {
    return this.#run('countNewItems', async () => {
      const checked = checkPeriodBounds(bounds);
      if (!Array.isArray(checked)) throw this.#invalid('countNewItems', checked.invalid);
      return checked.length < 2 ? [] : countNewItems(this.#pool, checked);
    });
  }

  async recordSourceRead(read: SourceRead): Promise<void> {
    return this.#run('recordSourceRead', async () => {
      const checked = checkSourceRead(read);
      if ('invalid' in checked) throw this.#invalid('recordSourceRead', checked.invalid);
      await this.#reads.submit(checked);
    });
  }

  async listSourceReads(since: string): Promise<SourceReadSeries[]> {
    return this.#run('listSourceReads', async () => listSourceReads(this.#pool, this.#time(since, 'since', 'listSourceReads')));
  }

  // Story grouping (issue 14).

  async addStoryItems(items: readonly StoryWindowItem[]): Promise<void> {
    return this.#run('addStoryItems', async () => {
      const checked = items.map((item) => ({ ...item, addedAt: this.#time(item.addedAt, 'addedAt', 'addStoryItems') }));
      await stories.addStoryItems(this.#pool, checked);
    });
  }

  async listStoryItems(since: string): Promise<StoryWindowItem[]> {
    return this.#run('listStoryItems', async () => stories.listStoryItems(this.#pool, this.#time(since, 'since', 'listStoryItems')));
  }

  async storyItemsByKey(storyKeys: readonly string[]): Promise<Map<string, StoryWindowItem>> {
    return this.#run('storyItemsByKey', async () => stories.storyItemsByKey(this.#pool, storyKeys));
  }

  async getStoryPost(destination: string, storyId: string): Promise<StoryPost | undefined> {
    return this.#run('getStoryPost', async () => stories.getStoryPost(this.#pool, destination, storyId));
  }

  async saveStoryPost(post: StoryPost): Promise<void> {
    return this.#run('saveStoryPost', async () => stories.saveStoryPost(this.#pool, post, this.#time(post.updatedAt, 'updatedAt', 'saveStoryPost')));
  }

  async pruneStories(before: string): Promise<{ items: number; posts: number }> {
    return this.#run('pruneStories', async () => stories.pruneStories(this.#pool, this.#time(before, 'before', 'pruneStories')));
  }

  async listPostedItems(since: string): Promise<PostedItem[]> {
    return this.#run('listPostedItems', async () => listPostedItems(this.#pool, this.#time(since, 'since', 'listPostedItems')));
  }

  async markDelivered(id: number, at: string): Promise<void> {
    return this.#run('markDelivered', async () => {
      const time = this.#time(at, 'at', 'markDelivered');
      const result = await this.#pool.query(
        `UPDATE outbox SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $2, finished_at = $2
         WHERE id = $1 AND status = 'pending'`,
        [id, time],
      );
      // Marking a delivered entry again is harmless; anything else is a bug in the caller.
      if (result.rowCount === 0 && (await this.#outboxStatus(id)) !== 'delivered') await this.#notPending('markDelivered', id);
    });
  }

  async markRetry(id: number, retry: { at: string; nextAttemptAt: string; error: string; failedAttempts: number }): Promise<void> {
    return this.#run('markRetry', async () => {
      const at = this.#time(retry.at, 'at', 'markRetry');
      const nextAttemptAt = this.#time(retry.nextAttemptAt, 'nextAttemptAt', 'markRetry');
      const result = await this.#pool.query(
        `UPDATE outbox SET attempts = attempts + $5, last_attempt_at = $2, next_attempt_at = $3, last_error = $4
         WHERE id = $1 AND status = 'pending'`,
        [id, at, nextAttemptAt, pgMessage(retry.error), retry.failedAttempts],
      );
      if (result.rowCount === 0) await this.#notPending('markRetry', id);
    });
  }

  async markFailed(id: number, failure: { at: string; error: string }): Promise<void> {
    return this.#run('markFailed', async () => {
      const at = this.#time(failure.at, 'at', 'markFailed');
      const result = await this.#pool.query(
        `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_attempt_at = $2, last_error = $3, finished_at = $2
         WHERE id = $1 AND status = 'pending'`,
        [id, at, pgMessage(failure.error)],
      );
      if (result.rowCount === 0) await this.#notPending('markFailed', id);
    });
  }

  async pendingCount(destination?: string): Promise<number> {
    return this.#run('pendingCount', async () => {
      const { rows } =
        destination === undefined
          ? await this.#pool.query<{ n: number }>("SELECT count(*)::integer AS n FROM outbox WHERE status = 'pending'")
          : await this.#pool.query<{ n: number }>("SELECT count(*)::integer AS n FROM outbox WHERE destination = $1 AND status = 'pending'", [destination]);
      return rows[0]?.n ?? 0;
    });
  }

  async disableDestination(name: string, fingerprint: string, reason: string, at: string): Promise<void> {
    return this.#run('disableDestination', async () => {
      const time = this.#time(at, 'at', 'disableDestination');
      await this.#pool.query(
        `INSERT INTO disabled_destinations (name, fingerprint, reason, disabled_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name, fingerprint) DO UPDATE SET reason = excluded.reason, disabled_at = excluded.disabled_at`,
        [name, fingerprint, pgMessage(reason), time],
      );
    });
  }

  async destinationDisabledReason(name: string, fingerprint: string): Promise<string | undefined> {
    return this.#run('destinationDisabledReason', async () => {
      const { rows } = await this.#pool.query<{ reason: string }>(
        'SELECT reason FROM disabled_destinations WHERE name = $1 AND fingerprint = $2',
        [name, fingerprint],
      );
      return rows[0]?.reason;
    });
  }

  async prune(before: string): Promise<{ items: number; deliveries: number }> {
    return this.#run('prune', async () => {
      const time = this.#time(before, 'before', 'prune');
      return this.#transaction(async (client) => {
        // Sources first, then their items: the order commitSourceSuccess locks them in (no deadlock),
        // and a read committing meanwhile either keeps its source (its success is newer than `before`)
        // or finds it unseeded and posts nothing (see SourceSuccess.plannedAsSeeded).
        await client.query(
          `UPDATE sources SET seeded = false, etag = NULL, last_modified = NULL, body_hash = NULL
           WHERE last_success_at < $1 AND seeded`,
          [time],
        );
        const absent = await client.query('DELETE FROM seen_items WHERE absent_since < $1', [time]);
        const stale = await client.query('DELETE FROM seen_items WHERE source IN (SELECT name FROM sources WHERE last_success_at < $1)', [time]);
        const finished = await client.query("DELETE FROM outbox WHERE status <> 'pending' AND finished_at < $1", [time]);
        await client.query('DELETE FROM source_reads WHERE at < $1', [time]);
        const digested = await client.query("DELETE FROM digest_items WHERE state IN ('sent', 'failed') AND finished_at < $1", [time]);
        return { items: (absent.rowCount ?? 0) + (stale.rowCount ?? 0), deliveries: (finished.rowCount ?? 0) + (digested.rowCount ?? 0) };
      });
    });
  }

  // Work sharing between replicas (issue 13). A row lock serializes two replicas claiming one
  // source: the second sees the first's claim (ON CONFLICT ... WHERE) and is not granted it.
  async claimSources(replica: string, names: readonly string[], tick: string, at: string, expiresAt: string): Promise<string[]> {
    return this.#run('claimSources', async () => {
      const values = [this.#time(tick, 'tick', 'claimSources'), this.#time(at, 'at', 'claimSources'), this.#time(expiresAt, 'expiresAt', 'claimSources')];
      // Sorted and unique: one row is upserted once, and two replicas lock rows in the same order (no deadlock).
      const unique = [...new Set(names)].sort();
      if (unique.length === 0) return [];
      const { rows } = await this.#pool.query<{ name: string }>(
        `INSERT INTO source_claims (name, replica, tick, expires_at)
         SELECT n, $1, $3, $5 FROM unnest($2::text[]) WITH ORDINALITY AS t (n, ord) ORDER BY ord
         ON CONFLICT (name) DO UPDATE SET replica = excluded.replica, tick = excluded.tick, expires_at = excluded.expires_at
         WHERE source_claims.replica = excluded.replica OR (source_claims.tick < excluded.tick AND source_claims.expires_at <= $4)
         RETURNING name`,
        [replica, unique, ...values],
      );
      const granted = new Set(rows.map((row) => row.name));
      return [...new Set(names)].filter((name) => granted.has(name));
    });
  }

  async releaseSources(replica: string, names: readonly string[], at: string): Promise<void> {
    return this.#run('releaseSources', async () => {
      const time = this.#time(at, 'at', 'releaseSources');
      if (names.length === 0) return;
      await this.#pool.query('UPDATE source_claims SET expires_at = LEAST(expires_at, $3) WHERE replica = $1 AND name = ANY ($2::text[])', [replica, [...names], time]);
    });
  }

  async sourceClaimsHeld(tick: string, at: string): Promise<number> {
    return this.#run('sourceClaimsHeld', async () => {
      const { rows } = await this.#pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM source_claims WHERE tick = $1 AND expires_at > $2', [
        this.#time(tick, 'tick', 'sourceClaimsHeld'),
        this.#time(at, 'at', 'sourceClaimsHeld'),
      ]);
      return rows[0]?.n ?? 0;
    });
  }

  async claimDestination(replica: string, name: string, at: string, expiresAt: string): Promise<boolean> {
    return this.#run('claimDestination', async () => {
      const time = this.#time(at, 'at', 'claimDestination');
      const until = this.#time(expiresAt, 'expiresAt', 'claimDestination');
      const { rowCount } = await this.#pool.query(
        `INSERT INTO destination_claims (name, replica, expires_at) VALUES ($1, $2, $4)
         ON CONFLICT (name) DO UPDATE SET replica = excluded.replica, expires_at = excluded.expires_at
         WHERE destination_claims.replica = excluded.replica OR destination_claims.expires_at <= $3`,
        [name, replica, time, until],
      );
      return (rowCount ?? 0) > 0;
    });
  }

  async releaseDestination(replica: string, name: string, at: string): Promise<void> {
    return this.#run('releaseDestination', async () => {
      const time = this.#time(at, 'at', 'releaseDestination');
      await this.#pool.query('UPDATE destination_claims SET expires_at = LEAST(expires_at, $3) WHERE name = $1 AND replica = $2', [name, replica, time]);
    });
  }

  // Digests (issue 15)

  async claimDigest(watch: string, destination: string, period: string): Promise<DigestEntry[]> {
    return this.#run('claimDigest', async () => {
      const time = this.#time(period, 'period', 'claimDigest');
      return this.#transaction(async (client) => {
        // The pair's row is locked: two replicas claiming one digest claim it once.
        await client.query('INSERT INTO digest_periods (watch, destination, last_period) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [watch, destination, '-infinity']);
        const last = await client.query<{ done: boolean }>('SELECT last_period >= $3 AS done FROM digest_periods WHERE watch = $1 AND destination = $2 FOR UPDATE', [watch, destination, time]);
        if (last.rows[0]?.done !== true) {
          await client.query(
            "UPDATE digest_items SET state = 'claimed', period = $3 WHERE watch = $1 AND destination = $2 AND state = 'waiting' AND collected_at <= $3",
            [watch, destination, time],
          );
          await client.query('UPDATE digest_periods SET last_period = $3 WHERE watch = $1 AND destination = $2', [watch, destination, time]);
        }
        const { rows } = await client.query<PgDigestItemRow>(`SELECT ${DIGEST_COLUMNS} FROM digest_items WHERE watch = $1 AND destination = $2 AND state = 'claimed' ${DIGEST_ORDER}`, [watch, destination]);
        return rows.map(fromPgDigestRow);
      });
    });
  }

  async finishDigestEntries(ids: readonly number[], outcome: { readonly at: string; readonly state: 'sent' } | { readonly at: string; readonly state: 'failed'; readonly error: string }): Promise<void> {
    return this.#run('finishDigestEntries', async () => {
      const at = this.#time(outcome.at, 'at', 'finishDigestEntries');
      await this.#pool.query(
        "UPDATE digest_items SET state = $2, finished_at = $3, last_error = $4 WHERE state = 'claimed' AND id = ANY ($1::bigint[])",
        [ids.map(String), outcome.state, at, outcome.state === 'failed' ? pgMessage(outcome.error) : null],
      );
    });
  }

  async listDigestEntries(watch: string, destination: string): Promise<DigestEntry[]> {
    return this.#run('listDigestEntries', async () => {
      const { rows } = await this.#pool.query<PgDigestItemRow>(
        `SELECT ${DIGEST_COLUMNS} FROM digest_items WHERE watch = $1 AND destination = $2 AND state IN ('claimed', 'waiting') ${DIGEST_ORDER}`,
        [watch, destination],
      );
      return rows.map(fromPgDigestRow);
    });
  }

  async lastDigestPeriod(watch: string, destination: string): Promise<string | undefined> {
    return this.#run('lastDigestPeriod', async () => {
      const { rows } = await this.#pool.query<{ last_period: Date }>(
        "SELECT last_period FROM digest_periods WHERE watch = $1 AND destination = $2 AND last_period <> '-infinity'",
        [watch, destination],
      );
      const last = rows[0]?.last_period;
      return last === undefined ? undefined : last.toISOString();
    });
  }

  // Digest leftovers (issue 15, digestfix).

  async listCollectedItems(since: string): Promise<PostedItem[]> {
    return this.#run('listCollectedItems', async () => listCollectedItems(this.#pool, this.#time(since, 'since', 'listCollectedItems')));
  }

  async expireOrphanDigests(keep: readonly DigestPair[], collectedBefore: string, at: string, reason: string): Promise<OrphanDigestCount[]> {
    return this.#run('expireOrphanDigests', async () =>
      expireOrphanDigests(this.#pool, keep, this.#time(collectedBefore, 'collectedBefore', 'expireOrphanDigests'), this.#time(at, 'at', 'expireOrphanDigests'), pgMessage(reason)),
    );
  }

  // Story placement across replicas (issues 13 and 14).

  async withStoryLock<T>(place: () => Promise<T>): Promise<T> {
    // One waiter per process: a blocked pg_advisory_lock holds its connection.
    return this.#storyLock(async () => {
      const client = await this.#run('withStoryLock', async () => {
        const connected = await this.#pool.connect();
        try {
          await connected.query('SELECT pg_advisory_lock($1, 1)', [STORY_LOCK_CLASS]);
        } catch (error) {
          connected.release(true);
          throw error;
        }
        return connected;
      });
      let broken = false;
      try {
        return await place();
      } finally {
        // A connection whose unlock failed is closed: its session, and the lock, end with it.
        await client.query('SELECT pg_advisory_unlock($1, 1)', [STORY_LOCK_CLASS]).catch(() => {
          broken = true;
        });
        client.release(broken);
      }
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }

  /** Runs `body`, turning whatever it throws into a `StoreError` naming the operation. */
  async #run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      throw new StoreError(`cannot ${operation}: the store on ${this.path} is closed`, {
        engine: 'postgres',
        path: this.path,
        operation,
        kind: 'closed',
      });
    }
    try {
      return await body();
    } catch (error) {
      throw error instanceof StoreError ? error : wrap(this.path, operation, error);
    }
  }

  /** Runs `body` in one transaction on one connection: all of it is committed, or none. */
  async #transaction<T>(body: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      // A connection that could not roll back is not given to the next caller.
      client.release(broken);
    }
  }

  async #outboxStatus(id: number): Promise<string | undefined> {
    const { rows } = await this.#pool.query<{ status: string }>('SELECT status FROM outbox WHERE id = $1', [id]);
    return rows[0]?.status;
  }

  async #notPending(operation: string, id: number): Promise<never> {
    const status = await this.#outboxStatus(id);
    throw this.#invalid(operation, status === undefined ? `no outbox entry has id ${id}` : `outbox entry ${id} is ${status}, not pending`);
  }

  #time(value: string, field: string, operation: string): string {
    const time = canonicalIsoTime(value);
    if (time === undefined) throw this.#invalid(operation, `${field} is not an ISO 8601 time with an offset: ${JSON.stringify(value)}`);
    return time;
  }

  #invalid(operation: string, detail: string): StoreError {
    return new StoreError(`${operation}: ${detail}`, { engine: 'postgres', path: this.path, operation, kind: 'invalid-input' });
  }
}

const DIGEST_COLUMNS = 'id, watch, destination, source, terms, color, item, collected_at, state, period';
/** As on SQLite: claimed items first (oldest period first), then waiting ones; newest item first. */
const DIGEST_ORDER = "ORDER BY CASE state WHEN 'claimed' THEN 0 ELSE 1 END, period, item_published DESC, id DESC";

interface PgDigestItemRow {
  readonly id: string;
  readonly watch: string;
  readonly destination: string;
  readonly source: string;
  readonly terms: string;
  readonly color: number | null;
  readonly item: string;
  readonly collected_at: Date;
  readonly state: string;
  readonly period: Date | null;
}

function fromPgDigestRow(row: PgDigestItemRow): DigestEntry {
  return toDigestEntry({ ...row, id: Number(row.id), collected_at: row.collected_at.toISOString(), period: row.period === null ? null : row.period.toISOString() });
}

interface CollectRow {
  readonly watch: string;
  readonly destination: string;
  readonly itemId: string;
  readonly storyKey: string;
  readonly terms: string;
  readonly color: number | null;
  readonly item: string;
  readonly itemPublished: string;
}

/** Collects matches for digests (see Store.claimDigest), in order. */
async function collectForDigests(client: Client, rows: readonly CollectRow[], context: { at: string; source: string }): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO digest_items (watch, destination, source, item_id, story_key, terms, color, item, item_published, collected_at)
     SELECT d.watch, d.destination, $1, d.item_id, d.story_key, d.terms, d.color, d.item, d.item_published, $2
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::integer[], $9::text[], $10::timestamptz[])
       WITH ORDINALITY AS d (watch, destination, item_id, story_key, terms, color, item, item_published, ord)
     ORDER BY d.ord
     ON CONFLICT (watch, destination, source, item_id) DO NOTHING`,
    [
      context.source,
      context.at,
      rows.map((row) => row.watch),
      rows.map((row) => row.destination),
      rows.map((row) => row.itemId),
      rows.map((row) => row.storyKey),
      rows.map((row) => row.terms),
      rows.map((row) => row.color),
      rows.map((row) => row.item),
      rows.map((row) => row.itemPublished),
    ],
  );
}

interface EnqueueRow {
  readonly destination: string;
  readonly storyKey: string;
  readonly watch: string;
  readonly terms: string;
  readonly color: number | null;
  readonly item: string;
  readonly itemPublished: string;
  readonly titleKey: string | null;
}

/**
 * Enqueues `rows` in order (see ENQUEUE); returns how many were created. Headline checks are
 * serialized per (destination, headline) first, in one sorted order (no deadlock between two
 * sources committing the same headlines), so two replicas cannot both enqueue one story.
 */
async function enqueue(client: Client, rows: readonly EnqueueRow[], context: { at: string; source: string | null; since: string }): Promise<number> {
  if (rows.length === 0) return 0;
  const titled = [...new Set(rows.flatMap((row) => (row.titleKey === null ? [] : [JSON.stringify([row.destination, row.titleKey])])))].sort();
  if (titled.length > 0) {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext(k)) FROM unnest($2::text[]) WITH ORDINALITY AS t (k, ord) ORDER BY ord', [
      TITLE_LOCK_CLASS,
      titled,
    ]);
  }
  const result = await client.query(ENQUEUE, [
    context.at,
    context.source,
    context.since,
    rows.map((row) => row.destination),
    rows.map((row) => row.storyKey),
    rows.map((row) => row.watch),
    rows.map((row) => row.terms),
    rows.map((row) => row.color),
    rows.map((row) => row.item),
    rows.map((row) => row.itemPublished),
    rows.map((row) => row.titleKey),
  ]);
  return result.rowCount ?? 0;
}

interface UnchangedRow {
  readonly source: string;
  readonly url: string;
  readonly at: string;
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly bodyHash: string | null;
}

/**
 * `recordUnchanged` for several sources (one each) in one statement: a new source is inserted, a
 * known one updated. A 304 need not repeat the validators: the stored ones the response did not
 * replace are kept; a source whose URL changed is no longer seeded. Rows in name order (two
 * writers lock them in the same order).
 */
async function recordUnchangedRows(pool: pg.Pool, rows: readonly UnchangedRow[]): Promise<void> {
  const sorted = [...rows].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  await pool.query({
    name: 'veille-record-unchanged',
    text: `INSERT INTO sources AS s (name, url, etag, last_modified, body_hash, last_attempt_at, last_success_at)
       SELECT t.name, t.url, t.etag, t.last_modified, t.body_hash, t.at, t.at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS t (name, url, etag, last_modified, body_hash, at, ord)
       ORDER BY t.ord
       ON CONFLICT (name) DO UPDATE SET
         url = excluded.url,
         seeded = CASE WHEN s.url <> excluded.url THEN false ELSE s.seeded END,
         etag = COALESCE(excluded.etag, s.etag), last_modified = COALESCE(excluded.last_modified, s.last_modified), body_hash = COALESCE(excluded.body_hash, s.body_hash),
         last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,
         ${CLEAR_FAILURE}`,
    values: [
      sorted.map((row) => row.source),
      sorted.map((row) => row.url),
      sorted.map((row) => row.etag),
      sorted.map((row) => row.lastModified),
      sorted.map((row) => row.bodyHash),
      sorted.map((row) => row.at),
    ],
  });
}

function validatorValues(validators: SourceValidators): { etag: string | null; lastModified: string | null; bodyHash: string | null } {
  return { etag: validators.etag ?? null, lastModified: validators.lastModified ?? null, bodyHash: validators.bodyHash ?? null };
}

function wrap(where: string, operation: string, error: unknown): StoreError {
  return new StoreError(
    `${operation} failed on PostgreSQL database ${where}: ${errorMessage(error)}`,
    { engine: 'postgres', path: where, operation, kind: classifyPostgresError(error) },
    { cause: error },
  );
}
