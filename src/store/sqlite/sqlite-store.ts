import { StoreError, type StoreErrorKind } from '../../errors/store-error.js';
import { canonicalIsoTime } from '../iso-time.js';
import { feedHintsToColumn } from '../feed-hints-column.js';
import { recordSourceSuccess } from './record-source-success.js';
import { classifySqliteError } from './classify-sqlite-error.js';
import { errorMessage } from '../error-message.js';
import { dueHead } from '../policy.js';
import { createGroupCommit, type GroupCommit } from './group-commit.js';
import { listDeliveries } from './list-deliveries.js';
import { replayStatements } from './list-replay-rows.js';
import { chartStatements, toSourceReadSeries, writeSourceReads } from './source-charts.js';
import { checkPeriodBounds, checkSourceRead } from '../chart-input.js';
import { toPostedItem, toSeenItemRecord } from '../replay-rows.js';
import { migrate } from './migrations.js';
import { prepareClaimStatements, type ClaimStatements } from './replica-claims.js';
import { digestStatements } from './digest-statements.js';
import { toDigestEntry } from '../digest-rows.js';
import { digestLeftoverStatements } from './digest-leftover-statements.js';
import { countOrphans } from '../digest-orphans.js';
import { openSqlite, recordQuickCheck, type SqliteDatabase } from './open-sqlite.js';
import { toOutboxEntry, toSourceRecord } from './row-mappers.js';
import { prepareStatements, validatorParams, type SqliteStatements } from './sqlite-statements.js';
import { prepareStoryStatements, type StoryStatements } from './story-statements.js';
import { toStoryPost, toStoryWindowItem } from '../story-rows.js';
import type {
  StoryPost,
  StoryWindowItem,
  FeedHints,
  CommitResult,
  NewItemCount,
  SourceRead,
  SourceReadSeries,
  DigestEntry,
  DigestPair,
  OrphanDigestCount,
  DeliveryFilter,
  DeliveryRecord,
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

/**
 * Reads for the chart (`recordSourceRead`) are kept in memory and written with the next durable
 * write (the cycle's sync point, `prune`, `close`), or as soon as this many are waiting: one batch
 * per cycle instead of a write per source, whose pages each group commit wrote again (a cycle of
 * 1,000 sources answering 304: see docs/benchmark.md, "Tenth pass, the store"). As the Store
 * interface says, they are durable at the next sync point; a crash of the process before it loses
 * those chart points, not the reads they describe.
 */
export const READS_WRITTEN_AT = 2_048;

export interface SqliteStoreOptions {
  /** Clock for the store's own records (when a migration was applied). */
  readonly now?: () => Date;
  /** Run `PRAGMA quick_check` at open (default true), or `'when-due'`; see open-sqlite.ts. */
  readonly quickCheck?: boolean | 'when-due';
}

/**
 * Opens the state file at `path` (`:memory:` for a throwaway store), migrating it to the latest
 * schema. Throws a `StoreError` when the file is corrupt, unwritable, or from a newer veille.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = openSqlite(path, {
    ...(options.quickCheck === undefined ? {} : { quickCheck: options.quickCheck }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  try {
    migrate(db, path, options.now ?? (() => new Date()));
    recordQuickCheck(db);
    return new SqliteStore(db, path, prepareStatements(db));
  } catch (error) {
    db.close();
    throw error instanceof StoreError ? error : wrap(path, 'open', error);
  }
}

/**
 * The `Store` on one SQLite connection. better-sqlite3 is synchronous: reads run at once; writes
 * are group-committed (see group-commit.ts): those of one event-loop turn share a transaction and
 * its fsync, one that fails is rolled back alone, and each resolves once its batch is on disk.
 */
export class SqliteStore implements Store {
  readonly path: string;
  readonly #db: SqliteDatabase;
  readonly #sql: SqliteStatements;
  readonly #commits: GroupCommit;
  readonly #claims: ClaimStatements;
  readonly #stories: StoryStatements;
  /** Reads recorded for the chart, written with the next durable write (see `recordSourceRead`). */
  #unwrittenReads: SourceRead[] = [];

  /** Use `openSqliteStore`, which configures and migrates the database first. */
  constructor(db: SqliteDatabase, path: string, statements: SqliteStatements) {
    this.#db = db;
    this.path = path;
    this.#sql = statements;
    this.#claims = prepareClaimStatements(db);
    this.#stories = prepareStoryStatements(db);
    // Created once: better-sqlite3 wraps it in BEGIN/COMMIT, or in a savepoint inside a transaction.
    const transaction = db.transaction((body: () => unknown) => body());
    // Before BEGIN: SQLite refuses to change the level inside a transaction. In WAL mode, NORMAL
    // commits without fsync (atomic, lost only with the machine); FULL syncs the WAL at COMMIT,
    // which also makes the NORMAL commits before it durable. (Not a prepared statement: a PRAGMA
    // takes effect when it is compiled.) open-sqlite.ts leaves the connection at FULL.
    let level: 'FULL' | 'NORMAL' = 'FULL';
    this.#commits = createGroupCommit({
      transaction: (body, durable) => {
        const wanted = durable ? 'FULL' : 'NORMAL';
        if (wanted !== level) {
          db.pragma(`synchronous = ${wanted}`);
          level = wanted;
        }
        transaction.immediate(body);
      },
      savepoint: <T>(body: () => T) => transaction(body) as T,
      inTransaction: () => db.inTransaction,
    });
  }

  async getSource(name: string): Promise<SourceRecord | undefined> {
    return this.#run('getSource', () => {
      const row = this.#sql.getSource.get(name);
      return row === undefined ? undefined : toSourceRecord(row);
    });
  }

  async getSources(names: readonly string[]): Promise<Map<string, SourceRecord>> {
    return this.#run('getSources', () => {
      const records = new Map<string, SourceRecord>();
      for (const name of names) {
        const row = records.has(name) ? undefined : this.#sql.getSource.get(name);
        if (row !== undefined) records.set(name, toSourceRecord(row));
      }
      return records;
    });
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.#run('listSources', () => this.#sql.listSources.all().map(toSourceRecord));
  }

  async unseenItemIds(source: string, ids: readonly string[]): Promise<Set<string>> {
    return this.#run('unseenItemIds', () => {
      if (ids.length === 0) return new Set<string>();
      // One statement for the whole batch: the ids travel as a JSON array, whatever their number.
      return new Set(this.#sql.unseenIds.all({ source, ids: JSON.stringify(ids) }));
    });
  }

  async commitSourceSuccess(input: SourceSuccess): Promise<CommitResult> {
    return this.#run('commitSourceSuccess', () => {
      const at = this.#time(input.at, 'at', 'commitSourceSuccess');
      return this.#writeDeferred('commitSourceSuccess', () => recordSourceSuccess(this.#sql, input, at, digestStatements(this.#db)));
    });
  }

  async recordUnchanged(source: string, url: string, at: string, validators: SourceValidators): Promise<void> {
    return this.#run('recordUnchanged', () => {
      const time = this.#time(at, 'at', 'recordUnchanged');
      const params = { name: source, url, at: time, ...validatorParams(validators) };
      return this.#writeDeferred('recordUnchanged', () => {
        // The source is almost always recorded already (a 304 answers an earlier read's
        // validators): update first, and create the row only when there was none.
        if (this.#sql.updateSourceUnchanged.run(params).changes > 0) return;
        this.#sql.ensureSource.run({ name: source, url });
        this.#sql.updateSourceUnchanged.run(params);
      });
    });
  }

  async recordFeedHints(source: string, hints: FeedHints): Promise<void> {
    return this.#run('recordFeedHints', () =>
      this.#writeDeferred('recordFeedHints', () => {
        this.#sql.setFeedHints.run({ name: source, hints: feedHintsToColumn(hints) });
      }),
    );
  }

  async recordFailure(source: string, url: string, failure: SourceFailure): Promise<void> {
    return this.#run('recordFailure', () => {
      const at = this.#time(failure.at, 'at', 'recordFailure');
      const nextAttemptAt =
        failure.nextAttemptAt === undefined ? null : this.#time(failure.nextAttemptAt, 'nextAttemptAt', 'recordFailure');
      return this.#writeDeferred('recordFailure', () => {
        this.#sql.ensureSource.run({ name: source, url });
        this.#sql.updateSourceFailure.run({
          name: source,
          url,
          at,
          kind: failure.kind,
          message: failure.message,
          nextAttemptAt,
        });
      });
    });
  }

  async transitionSourceHealth(input: HealthTransition): Promise<boolean> {
    return this.#run('transitionSourceHealth', () => {
      const at = this.#time(input.at, 'at', 'transitionSourceHealth');
      return this.#writeDeferred('transitionSourceHealth', () => {
        this.#sql.ensureSource.run({ name: input.source, url: input.url });
        if (this.#sql.setSourceHealth.run({ name: input.source, from: input.from, to: input.to }).changes === 0) return false;
        const item = JSON.stringify(input.notice);
        for (const delivery of input.deliveries) {
          this.#sql.enqueue.run({
            destination: delivery.destination,
            storyKey: input.notice.storyKey,
            watch: delivery.watch,
            terms: JSON.stringify(delivery.terms),
            color: delivery.color ?? null,
            item,
            itemPublished: at,
            at,
            source: null,
            titleKey: null,
          });
        }
        return true;
      });
    });
  }

  async acquireLease(holder: LeaseHolder, at: string, expiresAt: string, takeOver?: (current: LeaseHolder) => boolean): Promise<LeaseResult> {
    return this.#run('acquireLease', () => {
      const now = this.#time(at, 'at', 'acquireLease');
      const until = this.#time(expiresAt, 'expiresAt', 'acquireLease');
      return this.#write('acquireLease', (): LeaseResult => {
        const current = this.#sql.getLease.get();
        const free =
          current === undefined ||
          current.expires_at <= now ||
          current.owner === holder.owner ||
          (takeOver?.({ owner: current.owner, pid: current.pid, host: current.host }) ?? false);
        if (!free) return { granted: false, holder: { owner: current.owner, pid: current.pid, host: current.host }, expiresAt: current.expires_at };
        this.#sql.putLease.run({ ...holder, expiresAt: until });
        return { granted: true };
      });
    });
  }

  async releaseLease(owner: string): Promise<void> {
    return this.#run('releaseLease', () => {
      return this.#write('releaseLease', () => {
        this.#sql.deleteLease.run({ owner });
      });
    });
  }

  async expirePending(enqueuedBefore: string, at: string, reason: string): Promise<ReadonlyMap<string, number>> {
    return this.#run('expirePending', () => {
      const before = this.#time(enqueuedBefore, 'enqueuedBefore', 'expirePending');
      const time = this.#time(at, 'at', 'expirePending');
      return this.#write('expirePending', () => {
        const counts = new Map<string, number>();
        for (const { destination } of this.#sql.expirePending.all({ before, at: time, reason })) {
          counts.set(destination, (counts.get(destination) ?? 0) + 1);
        }
        return counts;
      });
    });
  }

  async syncPoint(at: string): Promise<void> {
    return this.#run('syncPoint', () => {
      const time = this.#time(at, 'at', 'syncPoint');
      return this.#write('syncPoint', () => {
        this.#sql.markSyncPoint.run({ at: time });
      });
    });
  }

  async checkWritable(): Promise<void> {
    return this.#run('checkWritable', () => {
      this.#db.exec('BEGIN IMMEDIATE');
      this.#db.exec('ROLLBACK');
    });
  }

  async dueDeliveries(destination: string, now: string, limit: number): Promise<OutboxEntry[]> {
    return this.#run('dueDeliveries', () => {
      if (!Number.isInteger(limit) || limit < 0) {
        throw this.#invalid('dueDeliveries', `limit must be a non-negative integer, got ${limit}`);
      }
      const time = this.#time(now, 'now', 'dueDeliveries');
      // The queue is ordered: an entry waiting for its retry time holds back the ones behind it.
      return dueHead(this.#sql.dueDeliveries.all({ destination, limit }).map(toOutboxEntry), time);
    });
  }

  async markDelivered(id: number, at: string): Promise<void> {
    return this.#run('markDelivered', () => {
      const time = this.#time(at, 'at', 'markDelivered');
      return this.#write('markDelivered', () => {
        if (this.#sql.markDelivered.run({ id, at: time }).changes === 0) {
          // Marking a delivered entry again is harmless; anything else is a bug in the caller.
          if (this.#sql.outboxStatus.get(id) !== 'delivered') this.#notPending('markDelivered', id);
        }
      });
    });
  }

  async markRetry(
    id: number,
    retry: { at: string; nextAttemptAt: string; error: string; failedAttempts: number },
  ): Promise<void> {
    return this.#run('markRetry', () => {
      const at = this.#time(retry.at, 'at', 'markRetry');
      const nextAttemptAt = this.#time(retry.nextAttemptAt, 'nextAttemptAt', 'markRetry');
      return this.#write('markRetry', () => {
        const params = { id, at, nextAttemptAt, error: retry.error, increment: retry.failedAttempts };
        if (this.#sql.markRetry.run(params).changes === 0) this.#notPending('markRetry', id);
      });
    });
  }

  async markFailed(id: number, failure: { at: string; error: string }): Promise<void> {
    return this.#run('markFailed', () => {
      const at = this.#time(failure.at, 'at', 'markFailed');
      return this.#write('markFailed', () => {
        if (this.#sql.markFailed.run({ id, at, error: failure.error }).changes === 0) this.#notPending('markFailed', id);
      });
    });
  }

  async pendingCount(destination?: string): Promise<number> {
    return this.#run('pendingCount', () =>
      destination === undefined ? (this.#sql.pendingCountAll.get() ?? 0) : (this.#sql.pendingCountOf.get(destination) ?? 0),
    );
  }

  async listDeliveries(filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    return this.#run('listDeliveries', () => listDeliveries(this.#db, this.path, filter));
  }

  async listSeenItems(filter: SeenItemFilter): Promise<SeenItemRecord[]> {
    return this.#run('listSeenItems', () => {
      const since = this.#time(filter.since, 'since', 'listSeenItems');
      if (!Number.isInteger(filter.limit) || filter.limit < 0) {
        throw this.#invalid('listSeenItems', `limit must be a non-negative integer, got ${filter.limit}`);
      }
      return replayStatements(this.#db).seen.all({ since, source: filter.source ?? null, limit: filter.limit }).map(toSeenItemRecord);
    });
  }

  async listPostedItems(since: string): Promise<PostedItem[]> {
    return this.#run('listPostedItems', () => {
      const time = this.#time(since, 'since', 'listPostedItems');
      return replayStatements(this.#db).posted.all({ since: time }).map(toPostedItem);
    });
  }

  async countNewItems(bounds: readonly string[]): Promise<NewItemCount[]> {
    return this.#run('countNewItems', () => {
      const checked = checkPeriodBounds(bounds);
      if (!Array.isArray(checked)) throw this.#invalid('countNewItems', checked.invalid);
      if (checked.length < 2) return [];
      return chartStatements(this.#db).countNewItems.all({ bounds: JSON.stringify(checked) });
    });
  }

  async recordSourceRead(read: SourceRead): Promise<void> {
    return this.#run('recordSourceRead', () => {
      const checked = checkSourceRead(read);
      if ('invalid' in checked) throw this.#invalid('recordSourceRead', checked.invalid);
      this.#unwrittenReads.push(checked);
      if (this.#unwrittenReads.length >= READS_WRITTEN_AT) this.#writeReads();
    });
  }

  async listSourceReads(since: string): Promise<SourceReadSeries[]> {
    return this.#run('listSourceReads', () => {
      const time = this.#time(since, 'since', 'listSourceReads');
      // The reads recorded before this call are part of the answer.
      if (this.#unwrittenReads.length > 0) {
        this.#writeReads();
        this.#commits.flush();
      }
      return chartStatements(this.#db).listReads.all({ since: time }).map(toSourceReadSeries);
    });
  }

  async disableDestination(name: string, fingerprint: string, reason: string, at: string): Promise<void> {
    return this.#run('disableDestination', () => {
      const time = this.#time(at, 'at', 'disableDestination');
      return this.#write('disableDestination', () => {
        this.#sql.disableDestination.run({ name, fingerprint, reason, at: time });
      });
    });
  }

  async destinationDisabledReason(name: string, fingerprint: string): Promise<string | undefined> {
    return this.#run('destinationDisabledReason', () => this.#sql.disabledReason.get(name, fingerprint));
  }

  async prune(before: string): Promise<{ items: number; deliveries: number }> {
    return this.#run('prune', () => {
      const time = this.#time(before, 'before', 'prune');
      const sql = this.#sql;
      return this.#write('prune', () => {
        const params = { before: time };
        const items = sql.pruneAbsentItems.run(params).changes + sql.pruneStaleSourceItems.run(params).changes;
        sql.unseedStaleSources.run(params);
        const deliveries = sql.pruneFinishedDeliveries.run(params).changes + digestStatements(this.#db).prune.run(params).changes;
        chartStatements(this.#db).pruneReads.run(params);
        return { items, deliveries };
      });
    });
  }

  // Work sharing between replicas (issue 13): the same rules as PostgreSQL, so the contract covers
  // them; `veille` never claims on SQLite (one process holds the file's lease). Claims are
  // short-lived: written like a read's records (atomic, durable at the next durable commit).
  async claimSources(replica: string, names: readonly string[], tick: string, at: string, expiresAt: string): Promise<string[]> {
    return this.#run('claimSources', () => {
      const times = { tick: this.#time(tick, 'tick', 'claimSources'), at: this.#time(at, 'at', 'claimSources'), expiresAt: this.#time(expiresAt, 'expiresAt', 'claimSources') };
      return this.#writeDeferred('claimSources', () =>
        [...new Set(names)].filter((name) => this.#claims.claimSource.get({ name, replica, ...times }) !== undefined),
      );
    });
  }

  async releaseSources(replica: string, names: readonly string[], at: string): Promise<void> {
    return this.#run('releaseSources', () => {
      const time = this.#time(at, 'at', 'releaseSources');
      return this.#writeDeferred('releaseSources', () => {
        this.#claims.releaseSources.run({ replica, names: JSON.stringify(names), at: time });
      });
    });
  }

  // Digests (issue 15)

  async claimDigest(watch: string, destination: string, period: string): Promise<DigestEntry[]> {
    return this.#run('claimDigest', () => {
      const time = this.#time(period, 'period', 'claimDigest');
      const sql = digestStatements(this.#db);
      return this.#write('claimDigest', () => {
        const pair = { watch, destination };
        const last = sql.lastPeriod.get(pair);
        if (last === undefined || time > last) {
          sql.claim.run({ ...pair, period: time });
          sql.setLastPeriod.run({ ...pair, period: time });
        }
        return sql.claimed.all(pair).map(toDigestEntry);
      });
    });
  }

  // Story grouping (issue 14).

  async addStoryItems(items: readonly StoryWindowItem[]): Promise<void> {
    return this.#run('addStoryItems', () => {
      const rows = items.map((item) => ({ ...item, addedAt: this.#time(item.addedAt, 'addedAt', 'addStoryItems'), grouped: JSON.stringify(item.grouped) }));
      if (rows.length === 0) return Promise.resolve();
      return this.#writeDeferred('addStoryItems', () => {
        let seq = this.#stories.nextSeq.get() ?? 1;
        for (const row of rows) {
          this.#stories.insertItem.run({ storyKey: row.storyKey, storyId: row.storyId, addedAt: row.addedAt, seq, title: row.title, summary: row.summary, source: row.source, grouped: row.grouped });
          seq += 1;
        }
      });
    });
  }

  async sourceClaimsHeld(tick: string, at: string): Promise<number> {
    return this.#run('sourceClaimsHeld', () =>
      this.#claims.sourceClaimsHeld.get({ tick: this.#time(tick, 'tick', 'sourceClaimsHeld'), at: this.#time(at, 'at', 'sourceClaimsHeld') }) ?? 0,
    );
  }

  async claimDestination(replica: string, name: string, at: string, expiresAt: string): Promise<boolean> {
    return this.#run('claimDestination', () => {
      const times = { at: this.#time(at, 'at', 'claimDestination'), expiresAt: this.#time(expiresAt, 'expiresAt', 'claimDestination') };
      return this.#writeDeferred('claimDestination', () => this.#claims.claimDestination.get({ name, replica, ...times }) !== undefined);
    });
  }

  async releaseDestination(replica: string, name: string, at: string): Promise<void> {
    return this.#run('releaseDestination', () => {
      const time = this.#time(at, 'at', 'releaseDestination');
      return this.#writeDeferred('releaseDestination', () => {
        this.#claims.releaseDestination.run({ name, replica, at: time });
      });
    });
  }

  async listStoryItems(since: string): Promise<StoryWindowItem[]> {
    return this.#run('listStoryItems', () => this.#stories.listItems.all(this.#time(since, 'since', 'listStoryItems')).map(toStoryWindowItem));
  }

  async storyItemsByKey(storyKeys: readonly string[]): Promise<Map<string, StoryWindowItem>> {
    return this.#run('storyItemsByKey', () => {
      if (storyKeys.length === 0) return new Map<string, StoryWindowItem>();
      return new Map(this.#stories.itemsByKey.all(JSON.stringify(storyKeys)).map((row) => [row.story_key, toStoryWindowItem(row)]));
    });
  }

  async getStoryPost(destination: string, storyId: string): Promise<StoryPost | undefined> {
    return this.#run('getStoryPost', () => {
      const row = this.#stories.getPost.get(destination, storyId);
      return row === undefined ? undefined : toStoryPost(row);
    });
  }

  async saveStoryPost(post: StoryPost): Promise<void> {
    return this.#run('saveStoryPost', () => {
      const updatedAt = this.#time(post.updatedAt, 'updatedAt', 'saveStoryPost');
      return this.#write('saveStoryPost', () => {
        this.#stories.savePost.run({
          destination: post.destination,
          storyId: post.storyId,
          ref: JSON.stringify(post.ref),
          lead: JSON.stringify(post.lead),
          also: JSON.stringify(post.also),
          updatedAt,
        });
      });
    });
  }

  async finishDigestEntries(ids: readonly number[], outcome: { readonly at: string; readonly state: 'sent' } | { readonly at: string; readonly state: 'failed'; readonly error: string }): Promise<void> {
    return this.#run('finishDigestEntries', () => {
      const at = this.#time(outcome.at, 'at', 'finishDigestEntries');
      const sql = digestStatements(this.#db);
      return this.#write('finishDigestEntries', () => {
        sql.finish.run({ ids: JSON.stringify(ids), at, state: outcome.state, error: outcome.state === 'failed' ? outcome.error : null });
      });
    });
  }

  async pruneStories(before: string): Promise<{ items: number; posts: number }> {
    return this.#run('pruneStories', () => {
      const time = this.#time(before, 'before', 'pruneStories');
      return this.#write('pruneStories', () => {
        const items = this.#stories.pruneItems.run(time).changes;
        const posts = this.#stories.prunePosts.run(time).changes;
        return { items, posts };
      });
    });
  }

  async listDigestEntries(watch: string, destination: string): Promise<DigestEntry[]> {
    return this.#run('listDigestEntries', () => digestStatements(this.#db).unsent.all({ watch, destination }).map(toDigestEntry));
  }

  async lastDigestPeriod(watch: string, destination: string): Promise<string | undefined> {
    return this.#run('lastDigestPeriod', () => digestStatements(this.#db).lastPeriod.get({ watch, destination }));
  }

  // Digest leftovers (issue 15, digestfix).

  async listCollectedItems(since: string): Promise<PostedItem[]> {
    return this.#run('listCollectedItems', () => {
      const time = this.#time(since, 'since', 'listCollectedItems');
      return digestLeftoverStatements(this.#db).collected.all({ since: time }).map(toPostedItem);
    });
  }

  async expireOrphanDigests(keep: readonly DigestPair[], collectedBefore: string, at: string, reason: string): Promise<OrphanDigestCount[]> {
    return this.#run('expireOrphanDigests', () => {
      const params = {
        keep: JSON.stringify(keep.map((pair) => [pair.watch, pair.destination])),
        before: this.#time(collectedBefore, 'collectedBefore', 'expireOrphanDigests'),
        at: this.#time(at, 'at', 'expireOrphanDigests'),
        reason,
      };
      return this.#write('expireOrphanDigests', () => countOrphans(digestLeftoverStatements(this.#db).expireOrphans.all(params)));
    });
  }

  // Story placement across replicas (issues 13 and 14): one writer here, nothing to wait for.

  async withStoryLock<T>(place: () => Promise<T>): Promise<T> {
    return place();
  }

  async close(): Promise<void> {
    if (!this.#db.open) return;
    // A durable commit last: the reads recorded since the last sync point are on disk too.
    const closing = this.#write('close', () => {
      this.#sql.markSyncPoint.run({ at: null });
    });
    this.#commits.flush();
    this.#db.close();
    // If it failed, the queued writes reported it themselves; the reads it would have made
    // durable may only be read again after a power loss.
    await closing.catch(() => undefined);
  }

  /** Runs `body`, turning whatever it throws into a `StoreError` naming the operation. */
  #run<T>(operation: string, body: () => T): T {
    if (!this.#db.open) {
      throw new StoreError(`cannot ${operation}: the store on ${this.path} is closed`, {
        engine: 'sqlite',
        path: this.path,
        operation,
        kind: 'closed',
      });
    }
    try {
      return body();
    } catch (error) {
      throw error instanceof StoreError ? error : wrap(this.path, operation, error);
    }
  }

  /**
   * Runs `body` in the next group commit: a write transaction that takes the write lock up front
   * (BEGIN IMMEDIATE: no deadlock with another connection upgrading a read). All of `body` or none
   * of it is committed; the promise settles once the batch's COMMIT returned.
   */
  #write<T>(operation: string, body: () => T): Promise<T> {
    this.#writeReads();
    return this.#submit(operation, body, true);
  }

  /**
   * Queues the reads recorded for the chart (see `recordSourceRead`) as one write, in the batch of
   * the write about to be queued. Nobody awaits it: each read's promise resolved when it was
   * recorded. The reads were checked, so it fails only with its whole batch (a full disk, an I/O
   * error), which the batch's other writes report: its own error is dropped, not reported twice.
   */
  #writeReads(): void {
    if (this.#unwrittenReads.length === 0) return;
    const reads = this.#unwrittenReads;
    this.#unwrittenReads = [];
    this.#submit('recordSourceRead', () => writeSourceReads(this.#db, reads), false).catch(() => undefined);
  }

  /** `#write` for what reading a source found: atomic, durable at the next durable commit (see Store). */
  #writeDeferred<T>(operation: string, body: () => T): Promise<T> {
    return this.#submit(operation, body, false);
  }

  #submit<T>(operation: string, body: () => T, durable: boolean): Promise<T> {
    return this.#commits.submit(body, { durable }).catch((error: unknown) => {
      throw error instanceof StoreError ? error : wrap(this.path, operation, error);
    });
  }

  #time(value: string, field: string, operation: string): string {
    const time = canonicalIsoTime(value);
    if (time === undefined) throw this.#invalid(operation, `${field} is not an ISO 8601 time with an offset: ${JSON.stringify(value)}`);
    return time;
  }

  #notPending(operation: string, id: number): never {
    const status = this.#sql.outboxStatus.get(id);
    throw this.#invalid(
      operation,
      status === undefined ? `no outbox entry has id ${id}` : `outbox entry ${id} is ${status}, not pending`,
    );
  }

  #invalid(operation: string, detail: string): StoreError {
    return new StoreError(`${operation}: ${detail}`, { engine: 'sqlite', path: this.path, operation, kind: 'invalid-input' });
  }
}

function wrap(path: string, operation: string, error: unknown): StoreError {
  const kind: StoreErrorKind = classifySqliteError(error);
  return new StoreError(`${operation} failed on state file ${path}: ${errorMessage(error)}`, { engine: 'sqlite', path, operation, kind }, {
    cause: error,
  });
}
