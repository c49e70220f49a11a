import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/config-types.js';
import type { SourceRecord } from '../../src/store/store.js';
import { createRedactor } from '../../src/web/redact.js';
import { sourceRows } from '../../src/web/source-rows.js';

const source = (name: string, url = `https://${name}.example/feed`, displayUrl = url): SourceConfig => ({ name, url, displayUrl, backfillMs: 0, staleAfterMs: 0 });
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
    expect(rows[0]).toEqual({ name: 'fail5', url: 'https://x.example/?key=${KEY}', health: 'failing', consecutiveFailures: 5, lastError: error, itemsSeen: 3 });
    expect(rows[1]).toMatchObject({ nextAttemptAt: '2026-03-01T11:00:00.000Z' });
    expect(rows.find((row) => row.name === 'recovered')).not.toHaveProperty('lastError');
    expect(rows.find((row) => row.name === 'never')).toEqual({ name: 'never', url: 'https://never.example/feed', health: 'new', consecutiveFailures: 0, itemsSeen: 0 });
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
