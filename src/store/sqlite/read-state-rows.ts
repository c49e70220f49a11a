import { StoreError } from '../../errors/store-error.js';
import { errorMessage } from '../error-message.js';
import type { StoryItemRow, StoryPostRow } from '../story-rows.js';
import { classifySqliteError } from './classify-sqlite-error.js';
import { openSqlite } from './open-sqlite.js';
import type { SourceRow } from './row-mappers.js';

/** Every row of a state file that moving it to another engine carries over. */
export interface StateRows {
  readonly sources: readonly SourceRow[];
  readonly seenItems: readonly SeenItemRow[];
  /** In id order (the order entries of one publication time are sent in). */
  readonly outbox: readonly FullOutboxRow[];
  readonly disabledDestinations: readonly DisabledDestinationRow[];
  /** Items collected for digests (every state), in id order, and the last period per pair. */
  readonly digestItems: readonly FullDigestItemRow[];
  readonly digestPeriods: readonly DigestPeriodRow[];
  /** The story window (issue 14), in the order its items were added (`seq`). */
  readonly storyItems: readonly FullStoryItemRow[];
  /** Each story's post per destination: later coverage attaches to it. */
  readonly storyPosts: readonly StoryPostRow[];
  /** The reads kept for the web page's duration charts (issue 17), in id order. */
  readonly sourceReads: readonly SourceReadRow[];
}

export interface FullStoryItemRow extends StoryItemRow {
  readonly seq: number;
}

export interface SourceReadRow {
  readonly id: number;
  readonly source: string;
  readonly at: string;
  readonly duration_ms: number;
  readonly outcome: string;
}

export interface FullDigestItemRow {
  readonly id: number;
  readonly watch: string;
  readonly destination: string;
  readonly source: string;
  readonly item_id: string;
  readonly story_key: string;
  readonly terms: string;
  readonly color: number | null;
  readonly item: string;
  readonly item_published: string;
  readonly collected_at: string;
  readonly state: string;
  readonly period: string | null;
  readonly finished_at: string | null;
  readonly last_error: string | null;
}

export interface DigestPeriodRow {
  readonly watch: string;
  readonly destination: string;
  readonly last_period: string;
}

export interface SeenItemRow {
  readonly source: string;
  readonly item_id: string;
  readonly story_key: string;
  readonly first_seen_at: string;
  readonly absent_since: string | null;
  readonly item_text: string | null;
}

export interface FullOutboxRow {
  readonly id: number;
  readonly destination: string;
  readonly story_key: string;
  readonly watch: string;
  readonly terms: string;
  readonly color: number | null;
  readonly item: string;
  readonly item_published: string;
  readonly status: string;
  readonly attempts: number;
  readonly enqueued_at: string;
  readonly next_attempt_at: string;
  readonly last_attempt_at: string | null;
  readonly last_error: string | null;
  readonly finished_at: string | null;
  readonly source: string | null;
  readonly title_key: string | null;
}

export interface DisabledDestinationRow {
  readonly name: string;
  readonly fingerprint: string;
  readonly reason: string;
  readonly disabled_at: string;
}

/**
 * Reads every row of the (migrated) state file at `path` in one read transaction: a consistent
 * snapshot even if another connection writes meanwhile. Not read: `lease` and `sync_point` (this
 * engine's single writer and durability), `source_claims` and `destination_claims` (replica claims:
 * transient, each expires within its lease, and a new replica takes fresh ones), and the engine's
 * own `schema_migrations`.
 */
export function readStateRows(path: string): StateRows {
  const db = openSqlite(path, { quickCheck: false });
  try {
    return db.transaction(
      (): StateRows => ({
        sources: db.prepare<[], SourceRow>('SELECT * FROM sources ORDER BY name').all(),
        seenItems: db.prepare<[], SeenItemRow>('SELECT source, item_id, story_key, first_seen_at, absent_since, item_text FROM seen_items ORDER BY source, item_id').all(),
        outbox: db.prepare<[], FullOutboxRow>('SELECT * FROM outbox ORDER BY id').all(),
        disabledDestinations: db.prepare<[], DisabledDestinationRow>('SELECT * FROM disabled_destinations ORDER BY name, fingerprint').all(),
        digestItems: db.prepare<[], FullDigestItemRow>('SELECT * FROM digest_items ORDER BY id').all(),
        digestPeriods: db.prepare<[], DigestPeriodRow>('SELECT * FROM digest_periods ORDER BY watch, destination').all(),
        storyItems: db.prepare<[], FullStoryItemRow>('SELECT * FROM story_items ORDER BY seq').all(),
        storyPosts: db.prepare<[], StoryPostRow>('SELECT * FROM story_posts ORDER BY destination, story_id').all(),
        sourceReads: db.prepare<[], SourceReadRow>('SELECT * FROM source_reads ORDER BY id').all(),
      }),
    )();
  } catch (error) {
    throw new StoreError(`cannot read state file ${path}: ${errorMessage(error)}`, { engine: 'sqlite', path, operation: 'readStateRows', kind: classifySqliteError(error) }, { cause: error });
  } finally {
    db.close();
  }
}
