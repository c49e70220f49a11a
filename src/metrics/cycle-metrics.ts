import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DELIVERY_RESULT_VALUES, FAILURE_KIND_VALUES, SOURCE_STATUS_VALUES } from './metric-labels.js';

/** The instruments the cycle observer updates. */
export interface CycleMetrics {
  readonly cycles: Counter;
  readonly cycleDuration: Histogram;
  readonly lastCycleFinished: Gauge;
  readonly fetches: Counter<'outcome'>;
  readonly fetchFailures: Counter<'kind'>;
  readonly sourceDuration: Histogram;
  readonly itemsSeen: Counter;
  readonly itemsMatched: Counter;
  readonly enqueued: Counter;
  readonly deliveries: Counter<'destination' | 'outcome'>;
  readonly digestMessages: Counter<'destination'>;
  readonly digestItems: Counter<'destination'>;
}

/** Registers the cycle instruments on `registry` (never prom-client's global one). */
export function registerCycleMetrics(registry: Registry, destinations: readonly string[]): CycleMetrics {
  const registers = [registry];
  const metrics: CycleMetrics = {
    cycles: new Counter({ name: 'veille_cycles_total', help: 'Polling cycles finished.', registers }),
    cycleDuration: new Histogram({
      name: 'veille_cycle_duration_seconds',
      help: 'Duration of a polling cycle: every source, then the outbox dispatch.',
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers,
    }),
    lastCycleFinished: new Gauge({ name: 'veille_cycle_last_finished_timestamp_seconds', help: 'When the last cycle finished (Unix time).', registers }),
    fetches: new Counter({
      name: 'veille_source_fetches_total',
      help: 'Sources handled, by outcome: read (parsed), not-modified (304), unchanged (same bytes), failed, skipped (backing off).',
      labelNames: ['outcome'],
      registers,
    }),
    fetchFailures: new Counter({ name: 'veille_source_failures_total', help: 'Failed source reads, by failure kind.', labelNames: ['kind'], registers }),
    sourceDuration: new Histogram({
      name: 'veille_source_duration_seconds',
      help: 'Time spent on one source (fetch, parse, store), skipped sources excluded.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    itemsSeen: new Counter({ name: 'veille_items_seen_total', help: 'Items seen for the first time in their feed (first reads included).', registers }),
    itemsMatched: new Counter({ name: 'veille_items_matched_total', help: 'New items that matched a watch and are to be posted.', registers }),
    enqueued: new Counter({ name: 'veille_outbox_enqueued_total', help: 'Outbox entries created (one per destination and story).', registers }),
    deliveries: new Counter({
      name: 'veille_deliveries_total',
      help: 'Send attempts, by destination and outcome: delivered, retry, rate-limited, permanent, disable.',
      labelNames: ['destination', 'outcome'],
      registers,
    }),
    digestMessages: new Counter({ name: 'veille_digest_messages_total', help: 'Digest messages posted, by destination.', labelNames: ['destination'], registers }),
    digestItems: new Counter({ name: 'veille_digest_items_total', help: 'Collected items posted in digest messages, by destination.', labelNames: ['destination'], registers }),
  };
  for (const outcome of SOURCE_STATUS_VALUES) metrics.fetches.inc({ outcome }, 0);
  for (const kind of FAILURE_KIND_VALUES) metrics.fetchFailures.inc({ kind }, 0);
  for (const destination of destinations) {
    for (const outcome of DELIVERY_RESULT_VALUES) metrics.deliveries.inc({ destination, outcome }, 0);
    metrics.digestMessages.inc({ destination }, 0);
    metrics.digestItems.inc({ destination }, 0);
  }
  return metrics;
}
