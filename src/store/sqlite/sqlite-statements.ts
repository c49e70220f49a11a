import type Database from 'better-sqlite3';
import { SOURCE_COLUMNS, type OutboxRow, type SourceRecordRow } from './row-mappers.js';
import type { SqliteDatabase } from './open-sqlite.js';
import type { SourceValidators } from '../store.js';

type Statement<Params extends unknown[], Row = unknown> = Database.Statement<Params, Row>;

export interface ValidatorParams {
  readonly etag: string | null;
  readonly lastModified: string | null;
  readonly bodyHash: string | null;
}

export function validatorParams(validators: SourceValidators): ValidatorParams {
  return {
    etag: validators.etag ?? null,
    lastModified: validators.lastModified ?? null,
    bodyHash: validators.bodyHash ?? null,
  };
}

/** Every statement the store runs, prepared once when it opens. */
export interface SqliteStatements {
  readonly getSource: Statement<[string], SourceRecordRow>;
  readonly listSources: Statement<[], SourceRecordRow>;
  readonly ensureSource: Statement<[{ name: string; url: string }]>;
  readonly sourceSeeded: Statement<[string], number>;
  readonly updateSourceSuccess: Statement<[{ name: string; url: string; at: string; newItems: number; hasEntries: number } & ValidatorParams]>;
  readonly updateSourceUnchanged: Statement<[{ name: string; url: string; at: string } & ValidatorParams]>;
  readonly updateSourceFailure: Statement<
    [{ name: string; url: string; at: string; kind: string; message: string; nextAttemptAt: string | null }]
  >;

  readonly setSourceHealth: Statement<[{ name: string; from: string; to: string }]>;
  readonly setFeedHints: Statement<[{ name: string; hints: string | null }]>;
  readonly getLease: Statement<[], { owner: string; pid: number; host: string; expires_at: string }>;
  readonly putLease: Statement<[{ owner: string; pid: number; host: string; expiresAt: string }]>;
  readonly deleteLease: Statement<[{ owner: string }]>;
  /** Counts a sync point; `at` (when not null) is its time. */
  readonly markSyncPoint: Statement<[{ at: string | null }]>;

  /** Plucks the ids of a JSON array that were never recorded for the source. */
  readonly unseenIds: Statement<[{ source: string; ids: string }], string>;
  /**
   * Parameters by position (source, item id, story key, first seen at, item text): it runs once per
   * item, and better-sqlite3 looks each named parameter up in the object by name on every run.
   */
  readonly insertSeenItem: Statement<[source: string, itemId: string, storyKey: string, at: string, itemText: string]>;
  /** Plucks 1 when another source's item with this headline was enqueued for the destination since `since`. */
  readonly headlineEnqueuedElsewhere: Statement<[{ destination: string; titleKey: string; source: string; since: string }], number>;
  readonly markPresent: Statement<[{ source: string; ids: string }]>;
  readonly markAbsent: Statement<[{ source: string; ids: string; at: string }]>;

  readonly enqueue: Statement<
    [
      {
        destination: string;
        storyKey: string;
        watch: string;
        terms: string;
        color: number | null;
        item: string;
        itemPublished: string;
        at: string;
        source: string | null;
        titleKey: string | null;
      },
    ]
  >;
  readonly dueDeliveries: Statement<[{ destination: string; limit: number }], OutboxRow>;
  readonly markDelivered: Statement<[{ id: number; at: string }]>;
  readonly markRetry: Statement<[{ id: number; at: string; nextAttemptAt: string; error: string; increment: number }]>;
  readonly markFailed: Statement<[{ id: number; at: string; error: string }]>;
  readonly expirePending: Statement<[{ before: string; at: string; reason: string }], { destination: string }>;
  /** Plucks the status of an outbox entry. */
  readonly outboxStatus: Statement<[number], string>;
  readonly pendingCountAll: Statement<[], number>;
  readonly pendingCountOf: Statement<[string], number>;

  readonly disableDestination: Statement<[{ name: string; fingerprint: string; reason: string; at: string }]>;
  readonly disabledReason: Statement<[string, string], string>;

  readonly pruneAbsentItems: Statement<[{ before: string }]>;
  readonly pruneStaleSourceItems: Statement<[{ before: string }]>;
  readonly unseedStaleSources: Statement<[{ before: string }]>;
  readonly pruneFinishedDeliveries: Statement<[{ before: string }]>;
}

const CLEAR_FAILURE = `
  consecutive_failures = 0,
  last_error_kind = NULL,
  last_error_message = NULL,
  last_error_at = NULL,
  next_attempt_at = NULL`;

export function prepareStatements(db: SqliteDatabase): SqliteStatements {
  return {
    getSource: db.prepare<[string], SourceRecordRow>(`SELECT ${SOURCE_COLUMNS} FROM sources s LEFT JOIN source_claims c ON c.name = s.name WHERE s.name = ?`).raw(),
    listSources: db.prepare<[], SourceRecordRow>(`SELECT ${SOURCE_COLUMNS} FROM sources s LEFT JOIN source_claims c ON c.name = s.name ORDER BY s.name`).raw(),
    setSourceHealth: db.prepare('UPDATE sources SET health = @to WHERE name = @name AND health = @from'),
    setFeedHints: db.prepare('UPDATE sources SET feed_hints = @hints WHERE name = @name'),
    getLease: db.prepare<[], { owner: string; pid: number; host: string; expires_at: string }>('SELECT owner, pid, host, expires_at FROM lease WHERE id = 1'),
    putLease: db.prepare(`
      INSERT INTO lease (id, owner, pid, host, expires_at) VALUES (1, @owner, @pid, @host, @expiresAt)
      ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, host = excluded.host, expires_at = excluded.expires_at`),
    deleteLease: db.prepare('DELETE FROM lease WHERE id = 1 AND owner = @owner'),
    markSyncPoint: db.prepare('UPDATE sync_point SET count = count + 1, at = coalesce(@at, at) WHERE id = 1'),
    ensureSource: db.prepare('INSERT INTO sources (name, url) VALUES (@name, @url) ON CONFLICT (name) DO NOTHING'),
    sourceSeeded: db.prepare<[string], number>('SELECT seeded FROM sources WHERE name = ?').pluck(),
    updateSourceSuccess: db.prepare(`
      UPDATE sources SET
        url = @url,
        seeded = CASE WHEN @hasEntries = 1 THEN 1 WHEN url <> @url THEN 0 ELSE seeded END,
        etag = @etag,
        last_modified = @lastModified,
        body_hash = @bodyHash,
        last_attempt_at = @at,
        last_success_at = @at,
        last_new_item_at = CASE WHEN @newItems > 0 THEN @at ELSE last_new_item_at END,
        items_seen = items_seen + @newItems,
        ${CLEAR_FAILURE}
      WHERE name = @name`),
    // A 304 need not repeat the validators: keep the stored ones the response did not replace.
    updateSourceUnchanged: db.prepare(`
      UPDATE sources SET
        url = @url,
        seeded = CASE WHEN url <> @url THEN 0 ELSE seeded END,
        etag = COALESCE(@etag, etag),
        last_modified = COALESCE(@lastModified, last_modified),
        body_hash = COALESCE(@bodyHash, body_hash),
        last_attempt_at = @at,
        last_success_at = @at,
        ${CLEAR_FAILURE}
      WHERE name = @name`),
    // A source whose URL changed is a new feed: unseeded, without the old validators (SET sees the old url).
    updateSourceFailure: db.prepare(`
      UPDATE sources SET
        url = @url,
        seeded = CASE WHEN url <> @url THEN 0 ELSE seeded END,
        etag = CASE WHEN url <> @url THEN NULL ELSE etag END,
        last_modified = CASE WHEN url <> @url THEN NULL ELSE last_modified END,
        body_hash = CASE WHEN url <> @url THEN NULL ELSE body_hash END,
        last_attempt_at = @at,
        consecutive_failures = consecutive_failures + 1,
        last_error_kind = @kind,
        last_error_message = @message,
        last_error_at = @at,
        next_attempt_at = @nextAttemptAt
      WHERE name = @name`),

    unseenIds: db
      .prepare<[{ source: string; ids: string }], string>(`
        SELECT ids.value FROM json_each(@ids) AS ids
        WHERE NOT EXISTS (SELECT 1 FROM seen_items WHERE source = @source AND item_id = ids.value)`)
      .pluck(),
    insertSeenItem: db.prepare(`
      INSERT INTO seen_items (source, item_id, story_key, first_seen_at, item_text) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (source, item_id) DO NOTHING`),
    markPresent: db.prepare(`
      UPDATE seen_items SET absent_since = NULL
      WHERE source = @source AND item_id IN (SELECT value FROM json_each(@ids)) AND absent_since IS NOT NULL`),
    markAbsent: db.prepare(`
      UPDATE seen_items INDEXED BY seen_items_present SET absent_since = @at
      WHERE source = @source AND absent_since IS NULL AND item_id NOT IN (SELECT value FROM json_each(@ids))`),

    enqueue: db.prepare(`
      INSERT INTO outbox (destination, story_key, watch, terms, color, item, item_published, enqueued_at, next_attempt_at, source, title_key)
      VALUES (@destination, @storyKey, @watch, @terms, @color, @item, @itemPublished, @at, @at, @source, @titleKey)
      ON CONFLICT (destination, story_key) DO NOTHING`),
    dueDeliveries: db.prepare<[{ destination: string; limit: number }], OutboxRow>(`
      SELECT id, destination, watch, terms, color, item, attempts, enqueued_at, next_attempt_at, last_error
      FROM outbox
      WHERE destination = @destination AND status = 'pending'
      ORDER BY item_published, id
      LIMIT @limit`),
    markDelivered: db.prepare(`
      UPDATE outbox SET status = 'delivered', attempts = attempts + 1, last_attempt_at = @at, finished_at = @at
      WHERE id = @id AND status = 'pending'`),
    markRetry: db.prepare(`
      UPDATE outbox SET
        attempts = attempts + @increment, last_attempt_at = @at, next_attempt_at = @nextAttemptAt, last_error = @error
      WHERE id = @id AND status = 'pending'`),
    expirePending: db.prepare<[{ before: string; at: string; reason: string }], { destination: string }>(`
      UPDATE outbox SET status = 'failed', finished_at = @at, last_error = @reason
      WHERE status = 'pending' AND enqueued_at < @before
      RETURNING destination`),
    markFailed: db.prepare(`
      UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_attempt_at = @at, last_error = @error, finished_at = @at
      WHERE id = @id AND status = 'pending'`),
    outboxStatus: db.prepare<[number], string>('SELECT status FROM outbox WHERE id = ?').pluck(),
    pendingCountAll: db.prepare<[], number>("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").pluck(),
    pendingCountOf: db
      .prepare<[string], number>("SELECT COUNT(*) FROM outbox WHERE destination = ? AND status = 'pending'")
      .pluck(),

    disableDestination: db.prepare(`
      INSERT INTO disabled_destinations (name, fingerprint, reason, disabled_at) VALUES (@name, @fingerprint, @reason, @at)
      ON CONFLICT (name, fingerprint) DO UPDATE SET reason = excluded.reason, disabled_at = excluded.disabled_at`),
    disabledReason: db
      .prepare<[string, string], string>('SELECT reason FROM disabled_destinations WHERE name = ? AND fingerprint = ?')
      .pluck(),

    headlineEnqueuedElsewhere: db
      .prepare<[{ destination: string; titleKey: string; source: string; since: string }], number>(`
        SELECT 1 FROM outbox
        WHERE destination = @destination AND title_key = @titleKey AND source <> @source AND enqueued_at >= @since
        LIMIT 1`)
      .pluck(),
    pruneAbsentItems: db.prepare('DELETE FROM seen_items WHERE absent_since < @before'),
    pruneStaleSourceItems: db.prepare(
      'DELETE FROM seen_items WHERE source IN (SELECT name FROM sources WHERE last_success_at < @before)',
    ),
    unseedStaleSources: db.prepare(`
      UPDATE sources SET seeded = 0, etag = NULL, last_modified = NULL, body_hash = NULL
      WHERE last_success_at < @before AND seeded = 1`),
    pruneFinishedDeliveries: db.prepare(
      "DELETE FROM outbox WHERE status <> 'pending' AND finished_at < @before",
    ),
  };
}
