import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/config-types.js';
import type { SourceRecord } from '../../src/store/store.js';
import { createRedactor } from '../../src/web/redact.js';
import { sourceRows } from '../../src/web/source-rows.js';

const source = (name: string, url = `https://${name}.example/feed`, displayUrl = url): SourceConfig => ({ name, url, displayUrl, host: new URL(url).hostname, backfillMs: 0, staleAfterMs: 0 });
const record = (name: string, overrides: Partial<SourceRecord> = {}): SourceRecord => ({
  name,
  url: `https://${name}.example/feed`,
  seeded: true,
  validators: {},
  consecutiveFailures: 0,
  itemsSeen: 3,
  health: 'ok',
  ...overrides,
});

describe('source rows', () => {
  it('failing first (longest streak first), then stale, new, ok, by name; shows displayUrl and the error only while failing', () => {
    const error = { kind: 'timeout' as const, message: 'timed out', at: '2026-03-01T10:00:00.000Z' };
    const rows = sourceRows(
      [source('b-ok'), source('a-ok'), source('never'), source('unseeded'), source('stale'), source('fail1'), source('fail5', 'https://x.example/?key=SECRET', 'https://x.example/?key=${KEY}'), source('recovered')],
      [
        record('b-ok'),
        record('a-ok', { lastSuccessAt: '2026-03-01T09:00:00.000Z' }),
        record('unseeded', { seeded: false }),
        record('stale', { health: 'stale' }),
        record('fail1', { consecutiveFailures: 1, lastError: error, nextAttemptAt: '2026-03-01T11:00:00.000Z' }),
        record('fail5', { consecutiveFailures: 5, lastError: error }),
        record('recovered', { lastError: error }),
        record('removed-from-config'),
      ],
    );
    expect(rows.map((row) => [row.name, row.health])).toEqual([
      ['fail5', 'failing'],
      ['fail1', 'failing'],
      ['stale', 'stale'],
      ['never', 'new'],
      ['unseeded', 'new'],
      ['a-ok', 'ok'],
      ['b-ok', 'ok'],
      ['recovered', 'ok'],
    ]);
    expect(rows[0]).toEqual({ name: 'fail5', url: 'https://x.example/?key=${KEY}', health: 'failing', consecutiveFailures: 5, lastError: error, itemsSeen: 3, intervalMs: 0, intervalReason: 'schedule' });
    expect(rows[1]).toMatchObject({ nextAttemptAt: '2026-03-01T11:00:00.000Z' });
    expect(rows.find((row) => row.name === 'recovered')).not.toHaveProperty('lastError');
    expect(rows.find((row) => row.name === 'never')).toEqual({ name: 'never', url: 'https://never.example/feed', health: 'new', consecutiveFailures: 0, itemsSeen: 0, intervalMs: 0, intervalReason: 'schedule' });
  });

  it('the effective interval, its reason and the next read, as `veille sources` computes them (src/cycle/source-interval.ts)', () => {
    const at = '2026-03-01T10:00:00.000Z';
    const sources = [
      source('plain'),
      { ...source('every'), everyMs: 3_600_000 },
      source('ttl'),
      { ...source('ttl-off'), feedHints: false },
      { ...source('longer-every'), everyMs: 7_200_000 },
      source('backing-off'),
      source('moved', 'https://moved.example/new-feed'),
    ];
    const rows = sourceRows(
      sources,
      [
        record('plain', { lastAttemptAt: at }),
        record('every', { lastAttemptAt: at }),
        record('ttl', { lastAttemptAt: at, feedHints: { ttlMs: 1_800_000, maxAgeMs: 300_000 } }),
        record('ttl-off', { lastAttemptAt: at, feedHints: { ttlMs: 1_800_000 } }),
        record('longer-every', { lastAttemptAt: at, feedHints: { ttlMs: 1_800_000 } }),
        record('backing-off', { lastAttemptAt: at, consecutiveFailures: 3, nextAttemptAt: '2026-03-01T10:10:00.000Z', lastError: { kind: 'timeout', message: 'x', at } }),
        // Hints said by the old URL say nothing of the new feed.
        record('moved', { lastAttemptAt: at, feedHints: { ttlMs: 1_800_000 } }),
      ],
      { feedHints: true },
    );
    const byName = new Map(rows.map((row) => [row.name, [row.intervalMs, row.intervalReason, row.nextReadAt]]));
    expect(Object.fromEntries(byName)).toEqual({
      plain: [0, 'schedule', undefined],
      every: [3_600_000, 'every', '2026-03-01T11:00:00.000Z'],
      ttl: [1_800_000, 'ttl', '2026-03-01T10:30:00.000Z'],
      'ttl-off': [0, 'schedule', undefined],
      'longer-every': [7_200_000, 'every', '2026-03-01T12:00:00.000Z'],
      'backing-off': [0, 'backoff', '2026-03-01T10:10:00.000Z'],
      moved: [0, 'schedule', undefined],
    });
    // settings.feed_hints: false turns the hints off for every source that does not say otherwise.
    expect(sourceRows([source('ttl')], [record('ttl', { lastAttemptAt: at, feedHints: { ttlMs: 1_800_000 } })], { feedHints: false })[0]).toMatchObject({ intervalMs: 0, intervalReason: 'schedule' });
  });

  it('the redactor removes webhook URLs, tokens and resolved source URLs from text', () => {
    const redact = createRedactor({
      sources: [source('s', 'https://x.example/?key=SECRET', 'https://x.example/?key=${KEY}')],
      destinations: [
        { type: 'discord-webhook', name: 'd', options: { webhookUrl: 'https://discord.com/api/webhooks/1/tok' } },
        { type: 'slack-bot', name: 'b', options: { token: 'xoxb-123', channel: 'C1' } },
        { type: 'console', name: 'c', options: {} },
      ],
    });
    expect(redact('POST https://discord.com/api/webhooks/1/tok failed; xoxb-123; GET https://x.example/?key=SECRET')).toBe(
      'POST [redacted] failed; [redacted]; GET [redacted]',
    );
  });
});
