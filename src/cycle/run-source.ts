import { createHash } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import type { Settings, SourceConfig } from '../config/config-types.js';
import { decodeFeedBody } from '../decode/decode-body.js';
import type { FeedFailureKind } from '../errors/feed-failure-kind.js';
import type { fetchFeed } from '../fetch/fetch-feed.js';
import type { Logger } from '../log/logger.js';
import type { Matcher } from '../match/index.js';
import { identifyEntries } from '../parse/identify-entries.js';
import { normalizeEntry } from '../parse/normalize-entry.js';
import type { ParsedFeed } from '../parse/parse-feed.js';
import type { SourceRecord, Store } from '../store/store.js';
import { isPostable, planDeliveries, type DeliveryPlanContext } from './plan-deliveries.js';
import { nextSourceAttempt } from './source-backoff.js';
import { titleKey } from './title-key.js';
import { updateSourceHealth } from './update-source-health.js';
import type { SourceOutcome } from './source-outcome.js';

export interface SourceDeps {
  readonly store: Store;
  /** Per source name: where its health notices go. */
  readonly alertDestinations: ReadonlyMap<string, readonly string[]>;
  readonly matcher: Matcher;
  readonly fetchFeed: typeof fetchFeed;
  readonly parseFeed: (xml: string) => Promise<ParsedFeed>;
  readonly settings: Settings;
  readonly watches: DeliveryPlanContext['watches'];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

/**
 * One source, one cycle: fetch (conditional) -> skip if 304 or the same bytes -> decode -> parse
 * -> ids -> only unseen items are normalized and matched -> one store transaction.
 * Never throws: a failure is recorded on the source and returned as an outcome.
 */
export async function runSource(source: SourceConfig, deps: SourceDeps): Promise<SourceOutcome> {
  const now = deps.clock.now();
  const record = await deps.store.getSource(source.name);
  if (record?.nextAttemptAt !== undefined && Date.parse(record.nextAttemptAt) > now.getTime()) {
    return { status: 'skipped', until: record.nextAttemptAt };
  }
  const outcome = await readSource(source, record, now, deps);
  await updateSourceHealth(source, record, outcome, deps.clock.now(), {
    store: deps.store,
    logger: deps.logger,
    policy: { alertAfterFailures: deps.settings.alertAfterFailures, staleAfterMs: source.staleAfterMs },
    destinations: deps.alertDestinations.get(source.name) ?? [],
  });
  return outcome;
}

async function readSource(source: SourceConfig, record: SourceRecord | undefined, now: Date, deps: SourceDeps): Promise<SourceOutcome> {
  const { store, clock } = deps;
  try {
    const fetched = await deps.fetchFeed(
      { url: source.url, ...validatorsOf(record) },
      {
        userAgent: deps.settings.userAgent,
        connectTimeoutMs: deps.settings.connectTimeoutMs,
        totalTimeoutMs: deps.settings.totalTimeoutMs,
        maxBodyBytes: deps.settings.maxBodyBytes,
        maxRedirects: deps.settings.maxRedirects,
        ...(deps.signal === undefined ? {} : { signal: deps.signal }),
      },
    );
    const at = clock.now().toISOString();
    if (fetched.kind === 'not-modified') {
      await store.recordUnchanged(source.name, source.url, at, {
        ...record?.validators,
        ...definedOnly({ etag: fetched.etag, lastModified: fetched.lastModified }),
      });
      return { status: 'not-modified' };
    }
    const validators = {
      bodyHash: createHash('sha256').update(fetched.body).digest('hex'),
      ...definedOnly({ etag: fetched.etag, lastModified: fetched.lastModified }),
    };
    if (record?.seeded === true && record.validators.bodyHash === validators.bodyHash) {
      await store.recordUnchanged(source.name, source.url, at, validators);
      return { status: 'unchanged' };
    }

    const text = decodeFeedBody(fetched.body, fetched.contentType);
    const feed = await deps.parseFeed(text);
    const entries = identifyEntries(feed, { source: source.name, feedUrl: fetched.finalUrl });
    const unseen = await store.unseenItemIds(source.name, entries.map((entry) => entry.id));
    const seeding = record?.seeded !== true;
    const context: DeliveryPlanContext = {
      watches: deps.watches,
      seeding,
      backfillMs: source.backfillMs,
      retentionMs: deps.settings.retentionMs,
      now,
    };
    let matched = 0;
    const items = [];
    for (const entry of entries) {
      if (!unseen.has(entry.id)) continue;
      unseen.delete(entry.id); // an id repeated in the document is handled once
      const item = normalizeEntry(entry, { source: source.name, now });
      const matches = isPostable(item, context) ? deps.matcher.match(item) : [];
      const deliveries = planDeliveries(source.name, matches, context);
      if (deliveries.length > 0) matched += 1;
      const key = titleKey(item.title, source.url);
      items.push({ item, deliveries, ...(key === undefined ? {} : { titleKey: key }) });
    }
    const committed = await store.commitSourceSuccess({
      source: source.name,
      url: source.url,
      at,
      validators,
      items,
      presentItemIds: entries.map((entry) => entry.id),
    });
    if (seeding) deps.logger.info({ source: source.name, items: committed.newItems }, 'first read of this source: its current items are recorded, not posted');
    return { status: 'read', seeding, entries: entries.length, newItems: committed.newItems, matched, enqueued: committed.enqueued };
  } catch (error) {
    // Shutting down is not the source's fault: leave its record as it was.
    if (deps.signal?.aborted === true) return { status: 'skipped', until: 'shutdown' };
    return recordFailure(source, record, error, deps);
  }
}

async function recordFailure(source: SourceConfig, record: SourceRecord | undefined, error: unknown, deps: SourceDeps): Promise<SourceOutcome> {
  const kind = failureKind(error);
  const message = error instanceof Error ? error.message : String(error);
  const now = deps.clock.now();
  const failures = (record?.consecutiveFailures ?? 0) + 1;
  const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const next = nextSourceAttempt(now, failures, typeof retryAfterMs === 'number' ? retryAfterMs : undefined);
  const fields = { source: source.name, url: source.url, kind, failures, ...(next === undefined ? {} : { nextAttemptAt: next.toISOString() }) };
  // Log once per state change: a new streak or a different error; repeats go to debug.
  const repeated = record?.lastError?.kind === kind && record.lastError.message === message;
  if (kind === 'internal') deps.logger.error({ ...fields, err: error }, `source failed: ${message}`);
  else if (repeated) deps.logger.debug(fields, `source still failing: ${message}`);
  else deps.logger.warn(fields, `source failed: ${message}`);
  await deps.store.recordFailure(source.name, source.url, {
    kind,
    message,
    at: now.toISOString(),
    ...(next === undefined ? {} : { nextAttemptAt: next.toISOString() }),
  });
  return { status: 'failed', kind, message };
}

function failureKind(error: unknown): FeedFailureKind {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && error instanceof Error && error.name.startsWith('Feed') ? (kind as FeedFailureKind) : 'internal';
}

function validatorsOf(record: SourceRecord | undefined): { etag?: string; lastModified?: string } {
  if (record === undefined) return {};
  return definedOnly({ etag: record.validators.etag, lastModified: record.validators.lastModified });
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}
