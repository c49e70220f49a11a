import type { SourceConfig } from '../config/config-types.js';
import { decodeFeedBody } from '../decode/decode-body.js';
import type { FetchFeedResult } from '../fetch/fetch-feed.js';
import type { Logger } from '../log/logger.js';
import { identifyEntries } from '../parse/identify-entries.js';
import { MAX_FEED_ENTRIES } from '../parse/limit-entries.js';
import { readFeedHints, type DocumentHints } from '../parse/read-feed-hints.js';
import type { CommitResult, SourceRecord, SourceSuccess, SourceValidators } from '../store/store.js';
import { prepareNewItems, type ItemToPlace } from './new-items.js';
import { placeStories } from './place-stories.js';
import { feedHintsOf, keepFeedHints } from './keep-feed-hints.js';
import type { SourceDeps } from './run-source.js';
import type { SourceOutcome } from './source-outcome.js';

/**
 * The rest of readSource (read-source.ts) for a document that changed: decode -> parse -> ids ->
 * only unseen items are normalized and matched -> one store transaction. Throws what it meets
 * (readSource records it as the source's failure).
 */
export async function readChangedFeed(
  source: SourceConfig,
  record: SourceRecord | undefined,
  now: Date,
  deps: SourceDeps,
  read: { readonly fetched: Extract<FetchFeedResult, { kind: 'ok' }>; readonly validators: SourceValidators; readonly at: string },
): Promise<SourceOutcome> {
  const { store } = deps;
  const { fetched, validators, at } = read;
  // Nothing of the document is kept past this call (see readDocument): only what the commit needs.
  const { entries, ids, seeding, items, matched, toPlace, hints } = await readDocument(source, record, now, deps, fetched);
  const committed = await store.commitSourceSuccess({
    source: source.name,
    url: source.url,
    at,
    validators,
    items,
    presentItemIds: ids,
    plannedAsSeeded: !seeding,
  });
  if (committed.reseeded === true && record !== undefined) {
    // Another replica's prune forgot this source's items while it was read (not read successfully
    // for the whole retention): what looked new may be old. Read the same document again as a first
    // read, which records every item it lists and posts nothing.
    deps.logger.warn({ source: source.name, url: source.displayUrl }, 'this source was unseeded while it was read: its items are recorded as a first read, not posted');
    return readChangedFeed(source, { ...record, seeded: false }, now, deps, read);
  }
  if (deps.stories !== undefined) await placeStories(toPlace, { stories: deps.stories, store, clock: deps.clock });
  await keepFeedHints(source.name, record, feedHintsOf(hints, fetched.maxAgeMs), deps);
  if (seeding) logFirstRead(deps.logger, source, committed, matched);
  return { status: 'read', seeding, entries, newItems: committed.newItems, matched, enqueued: committed.enqueued };
}

/** What a document brings to its commit: no part of the document itself. */
interface ReadDocument {
  /** How many entries the document lists. */
  readonly entries: number;
  readonly ids: readonly string[];
  readonly seeding: boolean;
  readonly items: SourceSuccess['items'];
  readonly matched: number;
  readonly toPlace: readonly ItemToPlace[];
  readonly hints: DocumentHints;
}

/**
 * decode -> parse -> ids -> only unseen items are normalized and matched. The decoded text and the
 * parsed entries die with this call: the items and ids hold copies of their strings (see
 * detachedString), so a read waiting for its group commit while other documents are parsed keeps
 * a few tens of KB instead of its whole document (about 300 KB), and the young generation's
 * collections do not copy and promote every document.
 */
async function readDocument(
  source: SourceConfig,
  record: SourceRecord | undefined,
  now: Date,
  deps: SourceDeps,
  fetched: Extract<FetchFeedResult, { kind: 'ok' }>,
): Promise<ReadDocument> {
  const { store, settings } = deps;
  const text = decodeFeedBody(fetched.body, fetched.contentType);
  const feed = await deps.parseFeed(text);
  const hints = readFeedHints(text);
  const entries = identifyEntries(feed, { source: source.name, feedUrl: fetched.finalUrl });
  if (feed.entries.length >= MAX_FEED_ENTRIES) {
    deps.logger.warn({ source: source.name, url: source.displayUrl, max: MAX_FEED_ENTRIES }, `only the first ${MAX_FEED_ENTRIES} entries of this feed are read`);
  }
  const ids = entries.map((entry) => entry.id);
  // A source never recorded has no seen items (they belong to its record): nothing to look up.
  // Should another writer record it meanwhile, the store still counts each item once.
  const unseen = record === undefined ? new Set(ids) : await store.unseenItemIds(source.name, ids);
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
  return { entries: entries.length, ids, seeding, items, matched, toPlace, hints };
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

