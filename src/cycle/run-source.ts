import type { Clock } from '../clock/clock.js';
import type { Settings, SourceConfig } from '../config/config-types.js';
import type { ConnectionPool, fetchFeed } from '../fetch/fetch-feed.js';
import type { Logger } from '../log/logger.js';
import type { Matcher } from '../match/index.js';
import type { ParsedFeed } from '../parse/parse-feed.js';
import type { SourceRecord, Store } from '../store/store.js';
import type { DeliveryPlanContext } from './plan-deliveries.js';
import { readSource } from './read-source.js';
import type { StoryStage } from './story-stage.js';
import type { SourceOutcome } from './source-outcome.js';
import { updateSourceHealth } from './update-source-health.js';

export interface SourceDeps {
  readonly store: Store;
  /** Per source name: where its health notices go. */
  readonly alertDestinations: ReadonlyMap<string, readonly string[]>;
  readonly matcher: Matcher;
  readonly fetchFeed: typeof fetchFeed;
  /** Keep-alive connections of the app, reused from one cycle to the next. */
  readonly connections: ConnectionPool;
  readonly parseFeed: (xml: string) => Promise<ParsedFeed>;
  readonly settings: Settings;
  readonly watches: DeliveryPlanContext['watches'];
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  /** The story window (issue 14): absent, every item is posted on its own. */
  readonly stories?: StoryStage;
}

/**
 * One source, one cycle (`claimed`: its record, read with its claim): skipped while it backs off after failures; otherwise read (see
 * read-source.ts), then its health is updated (one notice per change). Never throws for a
 * source's own failures.
 */
export async function runSource(source: SourceConfig, deps: SourceDeps, claimed?: { readonly record: SourceRecord | undefined }): Promise<SourceOutcome> {
  const now = deps.clock.now();
  // `claimed`: the record as read right after this replica claimed the source (see replica-claims.ts).
  const stored = claimed === undefined ? await deps.store.getSource(source.name) : claimed.record;
  const record = stored !== undefined && stored.url !== source.url ? asMovedSource(stored, source, deps.logger) : stored;
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

/**
 * The config gives this source another URL: its state (validators, bodies, backoff) belongs to the
 * old one, so it is read as a new source, seeded without posting. Its seen items are kept: an item
 * the new URL also lists is still not new.
 */
function asMovedSource(stored: SourceRecord, source: SourceConfig, logger: Logger): SourceRecord {
  logger.info({ source: source.name, url: source.displayUrl }, 'the URL of this source changed: its next read seeds it again, posting nothing');
  const { nextAttemptAt: _nextAttemptAt, lastError: _lastError, ...rest } = stored;
  return { ...rest, url: source.url, seeded: false, validators: {}, consecutiveFailures: 0 };
}
