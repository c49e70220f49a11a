import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/config-defaults.js';
import type { SourceConfig } from '../../src/config/config-types.js';
import type { HttpRequest } from '../../src/http/http-server.js';
import type { SourceRecord } from '../../src/store/store.js';
import { createAccess } from '../../src/web/access.js';
import { webRoutes, type WebConfig } from '../../src/web/web-routes.js';

const source = (name: string, url: string, displayUrl = url): SourceConfig => ({ name, url, displayUrl, host: new URL(url).hostname, backfillMs: 0, staleAfterMs: 0 });
const config = (sources: readonly SourceConfig[], webhookUrl: string): WebConfig => ({
  sources,
  watches: [{ name: 'cloud', rule: ['Huawei'], sources: [], to: ['discord'] }],
  destinations: [{ type: 'discord-webhook', name: 'discord', options: { webhookUrl } }],
  settings: { ...DEFAULT_SETTINGS },
});
const get = (path: string): HttpRequest => ({
  method: 'GET',
  url: new URL(path, 'http://veille'),
  headers: { 'accept-language': 'en' },
  remoteAddress: '127.0.0.1',
  body: async () => '',
});

describe('the pages read the configuration now', () => {
  it('a source added by a reload shows at the next request; secrets of the configuration before it stay redacted', async () => {
    const oldHook = 'https://discord.com/api/webhooks/1/old-secret-token';
    const before = config([source('Actu', 'https://actu.example/feed?key=OLDKEY', 'https://actu.example/feed?key=${KEY}')], oldHook);
    const after = config(
      [source('Actu', 'https://actu.example/feed?key=NEWKEY', 'https://actu.example/feed?key=${KEY}'), source('Nouvelle', 'https://new.example/feed')],
      'https://discord.com/api/webhooks/1/new-secret-token',
    );
    let current = before;
    // An error stored while the old key was in use quotes it.
    const failing: SourceRecord = {
      name: 'Actu',
      url: 'https://actu.example/feed?key=OLDKEY',
      seeded: true,
      validators: {},
      consecutiveFailures: 1,
      lastError: { kind: 'http-status', message: `HTTP 403 from https://actu.example/feed?key=OLDKEY (posting to ${oldHook})`, at: '2026-03-01T10:00:00.000Z' },
      itemsSeen: 0,
      health: 'ok',
    };
    const web = webRoutes({
      config: () => current,
      store: {
        listSources: async () => [failing],
        listDeliveries: async () => [],
        listSeenItems: async () => [],
        countNewItems: async () => [],
        listSourceReads: async () => [],
      },
      access: createAccess({ host: '127.0.0.1', metricsPublic: false }),
      cycles: () => [],
      now: () => new Date('2026-03-01T12:00:00.000Z'),
    });
    const page = async (path: string) => (await web.routes.get(path)?.(get(path)))?.body ?? '';

    const first = await page('/sources');
    expect(first).toContain('1 sources, 1 failing');
    expect(first).not.toContain('Nouvelle');
    expect(first).toContain('HTTP 403 from [redacted] (posting to [redacted])');

    current = after;
    const second = await page('/sources');
    expect(second).toContain('2 sources, 1 failing');
    expect(second).toContain('<span class="feed-text">Nouvelle</span>');
    expect(second).not.toContain('OLDKEY');
    expect(second).not.toContain('old-secret-token');
    expect(second).toContain('HTTP 403 from [redacted] (posting to [redacted])');
  });
});
