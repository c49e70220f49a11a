import type { SourceConfig } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import type { SourceRecord, Store } from '../store/store.js';
import { HEALTH_WATCH, healthNotice } from './health-notice.js';
import { assessHealth, healthFactsAfter, type HealthPolicy } from './source-health.js';
import type { SourceOutcome } from './source-outcome.js';

export interface HealthDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly policy: HealthPolicy;
  /** Where this source's notices go. */
  readonly destinations: readonly string[];
}

/**
 * After a source's cycle: when its health changed (failing N times, silent too long, or back to
 * normal), record the new health and enqueue one notice, in one transaction.
 */
export async function updateSourceHealth(
  source: SourceConfig,
  before: SourceRecord | undefined,
  outcome: SourceOutcome,
  now: Date,
  deps: HealthDeps,
): Promise<void> {
  const facts = healthFactsAfter(before, outcome, now);
  if (facts === undefined) return;
  const from = before?.health ?? 'ok';
  const to = assessHealth(facts, deps.policy, now);
  if (to === from) return;
  const notice = healthNotice(source, { from, to }, before, facts, outcome, now);
  const changed = await deps.store.transitionSourceHealth({
    source: source.name,
    url: source.url,
    from,
    to,
    at: now.toISOString(),
    notice,
    deliveries: deps.destinations.map((destination) => ({ destination, watch: HEALTH_WATCH, terms: [] })),
  });
  if (changed) deps.logger.warn({ source: source.name, url: source.displayUrl, from, to, destinations: deps.destinations }, notice.title);
}
