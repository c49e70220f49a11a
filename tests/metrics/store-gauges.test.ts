import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerStoreGauges } from '../../src/metrics/store-gauges.js';
import type { SourceRecord } from '../../src/store/store.js';
import { sampleLines } from './metric-lines.js';

const record = (name: string, fields: Partial<SourceRecord>): SourceRecord => ({ name, url: `https://${name}.example/feed`, seeded: true, validators: {}, consecutiveFailures: 0, itemsSeen: 0, health: 'ok', ...fields });

describe('store gauges', () => {
  it('reads the outbox and the configured sources from the store at each scrape', async () => {
    let pending = 3;
    let records: SourceRecord[] = [
      record('A', { lastSuccessAt: '2026-11-23T12:00:00.000Z' }),
      record('B', { consecutiveFailures: 4, lastSuccessAt: '2026-11-20T08:30:00.000Z' }),
      record('Removed', { consecutiveFailures: 9, lastSuccessAt: '2026-01-01T00:00:00.000Z' }),
    ];
    const store = { pendingCount: async () => pending, listSources: async () => records };
    const registry = new Registry();
    registerStoreGauges(registry, store, ['A', 'B', 'New']);

    const first = await registry.metrics();
    expect(sampleLines(first, 'veille_outbox_pending')).toEqual(['veille_outbox_pending 3']);
    expect(sampleLines(first, 'veille_source_consecutive_failures')).toEqual([
      'veille_source_consecutive_failures{source="A"} 0',
      'veille_source_consecutive_failures{source="B"} 4',
      'veille_source_consecutive_failures{source="New"} 0',
    ]);
    expect(sampleLines(first, 'veille_source_last_success_timestamp_seconds')).toEqual([
      `veille_source_last_success_timestamp_seconds{source="A"} ${Date.parse('2026-11-23T12:00:00.000Z') / 1000}`,
      `veille_source_last_success_timestamp_seconds{source="B"} ${Date.parse('2026-11-20T08:30:00.000Z') / 1000}`,
    ]);

    pending = 0;
    records = [record('A', { consecutiveFailures: 1, lastSuccessAt: '2026-11-23T12:00:00.000Z' }), record('New', { lastSuccessAt: '2026-11-23T12:10:00.000Z' })];
    const second = await registry.metrics();
    expect(sampleLines(second, 'veille_outbox_pending')).toEqual(['veille_outbox_pending 0']);
    expect(sampleLines(second, 'veille_source_consecutive_failures')).toEqual([
      'veille_source_consecutive_failures{source="A"} 1',
      'veille_source_consecutive_failures{source="B"} 0',
      'veille_source_consecutive_failures{source="New"} 0',
    ]);
    expect(sampleLines(second, 'veille_source_last_success_timestamp_seconds')).toEqual([
      `veille_source_last_success_timestamp_seconds{source="A"} ${Date.parse('2026-11-23T12:00:00.000Z') / 1000}`,
      `veille_source_last_success_timestamp_seconds{source="New"} ${Date.parse('2026-11-23T12:10:00.000Z') / 1000}`,
    ]);
  });

  it('says which replica read each configured source last', async () => {
    const records = [record('A', { lastReadBy: 'web-1-7-a1b2c3' }), record('B', {}), record('Removed', { lastReadBy: 'web-2-7-d4e5f6' }), record('C', { lastReadBy: 'web-2-7-d4e5f6' })];
    const registry = new Registry();
    registerStoreGauges(registry, { pendingCount: async () => 0, listSources: async () => records }, ['A', 'B', 'C']);
    expect(sampleLines(await registry.metrics(), 'veille_source_last_read_by')).toEqual([
      'veille_source_last_read_by{source="A",replica="web-1-7-a1b2c3"} 1',
      'veille_source_last_read_by{source="C",replica="web-2-7-d4e5f6"} 1',
    ]);
  });

  it('reads the sources once per scrape for all its gauges, and again at the next scrape', async () => {
    let reads = 0;
    const registry = new Registry();
    registerStoreGauges(registry, { pendingCount: async () => 0, listSources: async () => (reads += 1, [record('A', { lastReadBy: 'web-1' })]) }, ['A']);
    await registry.metrics();
    expect(reads).toBe(1);
    const second = await registry.metrics();
    expect(reads).toBe(2);
    expect(sampleLines(second, 'veille_source_last_read_by')).toEqual(['veille_source_last_read_by{source="A",replica="web-1"} 1']);
  });
});
