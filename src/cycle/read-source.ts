import type { SourceConfig } from '../config/config-types.js';
import { decodeFeedBody } from '../decode/decode-body.js';
import { identifyEntries } from '../parse/identify-entries.js';
import { MAX_FEED_ENTRIES } from '../parse/limit-entries.js';
import type { Logger } from '../log/logger.js';
import { readFeedHints } from '../parse/read-feed-hints.js';
import type { CommitResult, FeedHints, SourceRecord, SourceValidators } from '../store/store.js';
import { prepareNewItems } from './new-items.js';
import { placeStories } from './place-stories.js';
import { recordSourceFailure } from './record-source-failure.js';
import type { SourceDeps } from './run-source.js';
import type { SourceOutcome } from './source-outcome.js';

/**
 * fetch (conditional) -> stop on 304 or the same bytes as last time -> decode -> parse -> ids ->
 * only unseen items are normalized and matched -> one store transaction. Never throws: a failure
 * is recorded on the source and returned as an outcome.
 */
export async function readSource(source: SourceConfig, record: SourceRecord | undefined, now: Date, deps: SourceDeps): Promise<SourceOutcome> {
  const { store, clock, settings } = deps;
  try {
    // The hash is of the bytes as received (still compressed), so an unchanged body is neither
    // decompressed nor parsed. Stores written before this held the hash of the decompressed bytes:
    // after an upgrade, each source's first body is parsed once more, and posts nothing (its items
    // are already seen).
    const previousBodyHash = record?.seeded === true ? record.validators.bodyHash : undefined;
    const fetched = await deps.fetchFeed(
      {
        url: source.url,
        ...definedOnly({ etag: record?.validators.etag, lastModified: record?.validators.lastModified, previousBodyHash }),
      },
      {
        userAgent: settings.userAgent,
        connectTimeoutMs: settings.connectTimeoutMs,
        totalTimeoutMs: settings.totalTimeoutMs,
        maxBodyBytes: settings.maxBodyBytes,
        maxRedirects: settings.maxRedirects,
        connections: deps.connections,
        ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      },
    );
    const at = clock.now().toISOString();
    if (fetched.kind === 'not-modified') {
      const validators = { ...record?.validators, ...definedOnly({ etag: fetched.etag, lastModified: fetched.lastModified }) };
      await store.recordUnchanged(source.name, source.url, at, validators);
      await keepFeedHints(source.name, record, feedHintsOf(record?.feedHints, fetched.maxAgeMs), deps);
      return { status: 'not-modified' };
    }
    const validators: SourceValidators = {
      bodyHash: fetched.bodyHash,
      ...definedOnly({ etag: fetched.etag, lastModified: fetched.lastModified }),
    };
    if (fetched.kind === 'same-body') {
      await store.recordUnchanged(source.name, source.url, at, validators);
      await keepFeedHints(source.name, record, feedHintsOf(record?.feedHints, fetched.maxAgeMs), deps);
      return { status: 'unchanged' };
    }

    const text = decodeFeedBody(fetched.body, fetched.contentType);
    const feed = await deps.parseFeed(text);
    const entries = identifyEntries(feed, { source: source.name, feedUrl: fetched.finalUrl });
    if (feed.entries.length >= MAX_FEED_ENTRIES) {
      deps.logger.warn({ source: source.name, url: source.displayUrl, max: MAX_FEED_ENTRIES }, `only the first ${MAX_FEED_ENTRIES} entries of this feed are read`);
    }
    const unseen = await store.unseenItemIds(source.name, entries.map((entry) => entry.id));
    const seeding = record?.seeded !== true;
    const { items, matched, toPlace } = prepareNewItems(entries, unseen, {
      source,
      matcher: deps.matcher,
      stories: deps.stories !== undefined,
      plan: {
        watches: deps.watches,
        seeding,
        backfillMs: source.backfillMs,
        retentionMs: settings.retentionMs,
        now,
        // Read before, but never with an item: what appeared since that empty read is news.
        ...(seeding && record?.itemsSeen === 0 && record.lastSuccessAt !== undefined ? { emptyReadAt: record.lastSuccessAt } : {}),
      },
    });
    const committed = await store.commitSourceSuccess({
      source: source.name,
      url: source.url,
      at,
      validators,
      items,
      presentItemIds: entries.map((entry) => entry.id),
    });
    if (deps.stories !== undefined) await placeStories(toPlace, { stories: deps.stories, store, clock: deps.clock });
    await keepFeedHints(source.name, record, feedHintsOf(readFeedHints(text), fetched.maxAgeMs), deps);
    if (seeding) logFirstRead(deps.logger, source, committed, matched);
    return { status: 'read', seeding, entries: entries.length, newItems: committed.newItems, matched, enqueued: committed.enqueued };
  } catch (error) {
    // Shutting down is not the source's fault: leave its record as it was.
    if (deps.signal?.aborted === true) return { status: 'skipped', until: 'shutdown' };
    return recordSourceFailure(source, record, error, deps);
  }
}

/**
 * What the feed says now of how often to read it: the document's hints from its last parse (a 304
 * or the same bytes repeat none), `max-age` from this response.
 */
function feedHintsOf(document: FeedHints | undefined, maxAgeMs: number | undefined): FeedHints {
  return {
    ...(document?.ttlMs === undefined ? {} : { ttlMs: document.ttlMs }),
    ...(document?.updatePeriodMs === undefined ? {} : { updatePeriodMs: document.updatePeriodMs }),
    ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
  };
}

/** Stores the hints when they differ from the stored ones (most reads write nothing more). */
async function keepFeedHints(name: string, record: SourceRecord | undefined, hints: FeedHints, deps: SourceDeps): Promise<void> {
  if (JSON.stringify(record?.feedHints ?? {}) === JSON.stringify(hints)) return;
  await deps.store.recordFeedHints(name, hints);
}

/** What a first read did: all recorded; with a backfill, the recent matching ones queued. */
function logFirstRead(logger: Logger, source: SourceConfig, committed: CommitResult, matched: number): void {
  const fields = { source: source.name, items: committed.newItems, matched, enqueued: committed.enqueued };
  if (matched === 0) {
    logger.info(fields, source.backfillMs > 0 ? 'first read of this source: its items are recorded; none within the backfill matched' : 'first read of this source: its current items are recorded, not posted');
  } else {
    logger.info(fields, `first read of this source: its items are recorded; ${matched} matching item${matched === 1 ? '' : 's'} within the backfill queued for posting`);
  }
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}
