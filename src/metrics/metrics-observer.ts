import type { CycleObserver } from '../cycle/cycle-observer.js';
import type { CycleMetrics } from './cycle-metrics.js';

/** A cycle observer that counts into `metrics`; the pipeline never sees prom-client. */
export function createMetricsObserver(metrics: CycleMetrics): Omit<Required<CycleObserver>, 'cycleStarted'> {
  return {
    sourceFinished(_source, outcome, durationMs) {
      metrics.fetches.inc({ outcome: outcome.status });
      if (outcome.status !== 'skipped') metrics.sourceDuration.observe(durationMs / 1000);
      if (outcome.status === 'failed') metrics.fetchFailures.inc({ kind: outcome.kind });
      if (outcome.status === 'read') {
        metrics.itemsSeen.inc(outcome.newItems);
        metrics.itemsMatched.inc(outcome.matched);
        metrics.enqueued.inc(outcome.enqueued);
      }
    },
    deliveryAttempted(destination, result) {
      metrics.deliveries.inc({ destination, outcome: result });
    },
    digestSent(destination, items) {
      metrics.digestMessages.inc({ destination });
      metrics.digestItems.inc({ destination }, items);
    },
    cycleFinished(report) {
      metrics.cycles.inc();
      metrics.cycleDuration.observe(report.durationMs / 1000);
      metrics.lastCycleFinished.set((Date.parse(report.startedAt) + report.durationMs) / 1000);
    },
  };
}
