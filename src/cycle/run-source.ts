import type { Clock } from '../clock/clock.js';
import type { Settings, SourceConfig } from '../config/config-types.js';
import type { fetchFeed } from '../fetch/fetch-feed.js';
import type { Logger } from '../log/logger.js';
import type { Matcher } from '../match/index.js';
import type { ParsedFeed } from '../parse/parse-feed.js';
import type { Store } from '../store/store.js';
import type { DeliveryPlanContext } from './plan-deliveries.js';
import { readSource } from './read-source.js';
import type { SourceOutcome } from './source-outcome.js';
import { updateSourceHealth } from './update-source-health.js';

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
 * One source, one cycle: skipped while it backs off after failures; otherwise read (see
 * read-source.ts), then its health is updated (one notice per change). Never throws for a
 * source's own failures.
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
