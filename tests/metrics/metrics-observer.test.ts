import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import type { SourceOutcome } from '../../src/cycle/source-outcome.js';
import { createMetrics } from '../../src/metrics/create-metrics.js';
import { sampleLines } from './metric-lines.js';

const metricsText = async (metrics: ReturnType<typeof createMetrics>) => metrics.registry.metrics();

const REPORT: CycleReport = {
  startedAt: '2026-11-23T12:00:00.000Z',
  durationMs: 2_500,
  sources: 2,
  fetched: 1,
  notModified: 0,
  unchanged: 0,
  parsed: 1,
  failed: 1,
  skipped: 0,
  seeded: 0,
  newItems: 3,
  matched: 1,
  enqueued: 2,
  delivered: 2,
  deliveryFailures: 0,
  pending: 0,
  digestMessages: 0,
  digestItems: 0,
  failures: [],
};

describe('metrics observer', () => {
  it('starts every series at 0 before the first cycle', async () => {
    const text = await metricsText(createMetrics({ destinations: ['discord'], processMetrics: false }));
    expect(sampleLines(text, 'veille_cycles_total')).toEqual(['veille_cycles_total 0']);
    expect(sampleLines(text, 'veille_source_fetches_total')).toEqual([
      'veille_source_fetches_total{outcome="read"} 0',
      'veille_source_fetches_total{outcome="not-modified"} 0',
      'veille_source_fetches_total{outcome="unchanged"} 0',
      'veille_source_fetches_total{outcome="failed"} 0',
      'veille_source_fetches_total{outcome="skipped"} 0',
    ]);
    expect(sampleLines(text, 'veille_source_failures_total').map((line) => line.replace(/^.*kind="([^"]+)".* 0$/, '$1'))).toEqual([
      'timeout', 'connect', 'http-status', 'too-large', 'redirect', 'blocked-address', 'not-a-feed', 'malformed-xml', 'encoding', 'internal',
    ]);
    expect(sampleLines(text, 'veille_deliveries_total')).toEqual([
      'veille_deliveries_total{destination="discord",outcome="delivered"} 0',
      'veille_deliveries_total{destination="discord",outcome="retry"} 0',
      'veille_deliveries_total{destination="discord",outcome="rate-limited"} 0',
      'veille_deliveries_total{destination="discord",outcome="permanent"} 0',
      'veille_deliveries_total{destination="discord",outcome="disable"} 0',
    ]);
    expect(sampleLines(text, 'veille_cycle_last_finished_timestamp_seconds')).toEqual(['veille_cycle_last_finished_timestamp_seconds 0']);
  });

  const outcomes: readonly { readonly outcome: SourceOutcome; readonly durationMs: number; readonly expected: Readonly<Record<string, readonly string[]>> }[] = [
    {
      outcome: { status: 'read', seeding: false, entries: 10, newItems: 3, matched: 2, enqueued: 4 },
      durationMs: 300,
      expected: {
        veille_source_fetches_total: ['veille_source_fetches_total{outcome="read"} 1'],
        veille_items_seen_total: ['veille_items_seen_total 3'],
        veille_items_matched_total: ['veille_items_matched_total 2'],
        veille_outbox_enqueued_total: ['veille_outbox_enqueued_total 4'],
        veille_source_duration_seconds_count: ['veille_source_duration_seconds_count 1'],
        veille_source_duration_seconds_sum: ['veille_source_duration_seconds_sum 0.3'],
      },
    },
    {
      outcome: { status: 'read', seeding: true, entries: 20, newItems: 20, matched: 0, enqueued: 0 },
      durationMs: 100,
      expected: { veille_items_seen_total: ['veille_items_seen_total 20'], veille_items_matched_total: ['veille_items_matched_total 0'] },
    },
    {
      outcome: { status: 'not-modified' },
      durationMs: 50,
      expected: { veille_source_fetches_total: ['veille_source_fetches_total{outcome="not-modified"} 1'], veille_items_seen_total: ['veille_items_seen_total 0'] },
    },
    { outcome: { status: 'unchanged' }, durationMs: 50, expected: { veille_source_fetches_total: ['veille_source_fetches_total{outcome="unchanged"} 1'] } },
    {
      outcome: { status: 'failed', kind: 'timeout', message: 'timed out after 30 s' },
      durationMs: 30_000,
      expected: {
        veille_source_fetches_total: ['veille_source_fetches_total{outcome="failed"} 1'],
        veille_source_failures_total: ['veille_source_failures_total{kind="timeout"} 1'],
        veille_source_duration_seconds_sum: ['veille_source_duration_seconds_sum 30'],
      },
    },
    {
      // Not fetched: not timed.
      outcome: { status: 'skipped', until: '2026-11-23T13:00:00.000Z' },
      durationMs: 1,
      expected: {
        veille_source_fetches_total: ['veille_source_fetches_total{outcome="skipped"} 1'],
        veille_source_duration_seconds_count: ['veille_source_duration_seconds_count 0'],
      },
    },
  ];

  it.each(outcomes)('counts a $outcome.status source', async ({ outcome, durationMs, expected }) => {
    const metrics = createMetrics({ destinations: [], processMetrics: false });
    metrics.observer.sourceFinished?.('A', outcome, durationMs);
    const text = await metricsText(metrics);
    for (const [name, lines] of Object.entries(expected)) {
      expect(sampleLines(text, name).filter((line) => !line.endsWith(' 0') || lines.includes(line))).toEqual(lines);
    }
  });

  it('counts delivery attempts by destination and outcome', async () => {
    const metrics = createMetrics({ destinations: ['slack'], processMetrics: false });
    for (const result of ['delivered', 'delivered', 'rate-limited', 'retry', 'delivered'] as const) metrics.observer.deliveryAttempted?.('slack', result);
    metrics.observer.deliveryAttempted?.('discord', 'disable');
    expect(sampleLines(await metricsText(metrics), 'veille_deliveries_total')).toEqual([
      'veille_deliveries_total{destination="slack",outcome="delivered"} 3',
      'veille_deliveries_total{destination="slack",outcome="retry"} 1',
      'veille_deliveries_total{destination="slack",outcome="rate-limited"} 1',
      'veille_deliveries_total{destination="slack",outcome="permanent"} 0',
      'veille_deliveries_total{destination="slack",outcome="disable"} 0',
      'veille_deliveries_total{destination="discord",outcome="disable"} 1',
    ]);
  });

  it('counts digest messages and the collected items they held, by destination', async () => {
    const metrics = createMetrics({ destinations: ['slack'], processMetrics: false });
    expect(sampleLines(await metricsText(metrics), 'veille_digest_messages_total')).toEqual(['veille_digest_messages_total{destination="slack"} 0']);
    metrics.observer.digestSent?.('slack', 10);
    metrics.observer.digestSent?.('slack', 5);
    metrics.observer.digestSent?.('discord', 1);
    const text = await metricsText(metrics);
    expect(sampleLines(text, 'veille_digest_messages_total')).toEqual(['veille_digest_messages_total{destination="slack"} 2', 'veille_digest_messages_total{destination="discord"} 1']);
    expect(sampleLines(text, 'veille_digest_items_total')).toEqual(['veille_digest_items_total{destination="slack"} 15', 'veille_digest_items_total{destination="discord"} 1']);
  });

  it('counts cycles, their duration and when the last one finished', async () => {
    const metrics = createMetrics({ destinations: [], processMetrics: false });
    metrics.observer.cycleFinished?.(REPORT);
    metrics.observer.cycleFinished?.({ ...REPORT, startedAt: '2026-11-23T12:10:00.000Z', durationMs: 40_000 });
    const text = await metricsText(metrics);
    expect(sampleLines(text, 'veille_cycles_total')).toEqual(['veille_cycles_total 2']);
    expect(sampleLines(text, 'veille_cycle_duration_seconds_bucket').filter((line) => /le="(2\.5|30|60)"/.test(line))).toEqual([
      'veille_cycle_duration_seconds_bucket{le="2.5"} 1',
      'veille_cycle_duration_seconds_bucket{le="30"} 1',
      'veille_cycle_duration_seconds_bucket{le="60"} 2',
    ]);
    expect(sampleLines(text, 'veille_cycle_duration_seconds_sum')).toEqual(['veille_cycle_duration_seconds_sum 42.5']);
    expect(sampleLines(text, 'veille_cycle_last_finished_timestamp_seconds')).toEqual([`veille_cycle_last_finished_timestamp_seconds ${Date.parse('2026-11-23T12:10:40.000Z') / 1000}`]);
  });

  it('keeps each instance in its own registry, never the global one', async () => {
    const one = createMetrics({ destinations: [], processMetrics: false });
    const two = createMetrics({ destinations: [], processMetrics: true });
    one.observer.cycleFinished?.(REPORT);
    expect(sampleLines(await metricsText(one), 'veille_cycles_total')).toEqual(['veille_cycles_total 1']);
    expect(sampleLines(await metricsText(two), 'veille_cycles_total')).toEqual(['veille_cycles_total 0']);
    expect(await metricsText(two)).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(await metricsText(one)).not.toContain('process_cpu_user_seconds_total');
    expect(globalRegistry.getMetricsAsArray()).toEqual([]);
  });
});
