import { afterEach, describe, expect, it } from 'vitest';
import { checkDestinationEntry, createDestination } from '../../src/deliver/check-destination.js';
import { createDiscordBotDestination } from '../../src/deliver/discord/discord-bot-destination.js';
import { createDiscordWebhookDestination } from '../../src/deliver/discord/discord-webhook-destination.js';
import type { Destination } from '../../src/deliver/destination.js';
import { lazyDestination } from '../../src/deliver/lazy-destination.js';
import { createSlackBotDestination } from '../../src/deliver/slack/slack-bot-destination.js';
import { createSlackWebhookDestination } from '../../src/deliver/slack/slack-webhook-destination.js';
import { createConsoleDestination } from '../../src/deliver/console/console-destination.js';
import { createMatrixDestination } from '../../src/deliver/matrix/matrix-destination.js';
import { createTeamsDestination } from '../../src/deliver/teams/teams-destination.js';
import type { Digest } from '../../src/render/digest.js';
import { parseTemplate } from '../../src/render/template.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { makeDelivery } from '../render/delivery-fixture.js';
import { sendOne } from './delivery-failure.js';

const WEBHOOK_ID = '123456789012345678';
const WEBHOOK_TOKEN = `${'T'.repeat(30)}-secret_webhook_token-${'k'.repeat(16)}`;
const WEBHOOK_URL = `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`;
const CHANNEL_ID = '223456789012345678';
const SLACK_WEBHOOK = 'https://hooks.slack.com/services/T0001/B0001/secret-part';
const TEAMS_WEBHOOK = 'https://prod-01.westeurope.logic.azure.com/workflows/0123abcd/triggers/manual/paths/invoke?api-version=2016-06-01&sig=secret-signature';
const MATRIX_ROOM = '!abcdef:example.org';
const deps = { write: () => {}, timeZone: 'Europe/Paris' };

const identity = (destination: Destination) => ({
  name: destination.name,
  type: destination.type,
  pacing: destination.pacing,
  batchLimit: destination.batchLimit,
  fingerprint: destination.fingerprint,
  requestTimeoutMs: destination.requestTimeoutMs,
});

/** A digest of `count` stories, long enough titles that some kinds split it. */
const digestOf = (count: number): Digest => ({
  watch: 'cloud',
  period: '2026-03-03T07:00:00.000Z',
  key: 'k',
  stories: Array.from({ length: count }, (_, index) => ({
    storyKey: `s${index}`,
    lines: [{ item: { id: `i${index}`, storyKey: `s${index}`, source: 'Flux', title: `${'Titre '.repeat(40)}${index}`, link: `https://news.example/${index}`, summary: 'Résumé', categories: [], published: '2026-03-02T08:00:00.000Z', publishedFromFeed: true }, source: 'Flux', terms: ['Huawei'] }],
  })),
});

/** A destination built the way a config builds it: the kind registry's check, then create. */
function fromConfig(name: string, entry: Record<string, unknown>, apis = {}): Destination {
  const checked = checkDestinationEntry(name, entry, apis);
  if (!('destination' in checked)) throw new Error(`unexpected problems: ${JSON.stringify(checked.problems)}`);
  return createDestination(checked.destination, deps);
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.close()));
});

describe('chat kinds build their client on the first send', () => {
  it.each([
    {
      kind: 'discord-webhook',
      entry: { type: 'discord', webhook_url: WEBHOOK_URL, timeout: '5s' },
      real: () => createDiscordWebhookDestination({ name: 'd', webhookUrl: WEBHOOK_URL, timeoutMs: 5000, timeZone: 'Europe/Paris' }),
    },
    {
      kind: 'discord-bot',
      entry: { type: 'discord', token: 'bot-token', channel_id: CHANNEL_ID },
      real: () => createDiscordBotDestination({ name: 'd', token: 'bot-token', channelId: CHANNEL_ID, timeoutMs: 10_000, timeZone: 'Europe/Paris' }),
    },
    {
      kind: 'slack-webhook',
      entry: { type: 'slack', webhook_url: SLACK_WEBHOOK },
      real: () => createSlackWebhookDestination({ name: 'd', webhookUrl: SLACK_WEBHOOK, timeoutMs: 10_000, timeZone: 'Europe/Paris' }),
    },
    {
      kind: 'slack-bot',
      entry: { type: 'slack', token: 'xoxb-1', channel: 'C0123456789' },
      real: () => createSlackBotDestination({ name: 'd', token: 'xoxb-1', channel: 'C0123456789', timeoutMs: 10_000, timeZone: 'Europe/Paris' }),
    },
    {
      kind: 'teams',
      entry: { type: 'teams', webhook_url: TEAMS_WEBHOOK, timeout: '7s', template: '{title}' },
      real: () => createTeamsDestination({ name: 'd', webhookUrl: TEAMS_WEBHOOK, timeoutMs: 7000, template: parseTemplate('{title}'), timeZone: 'Europe/Paris' }),
    },
    {
      kind: 'matrix',
      entry: { type: 'matrix', homeserver: 'https://matrix.example.org/', room_id: MATRIX_ROOM, access_token: 'syt_token' },
      real: () => createMatrixDestination({ name: 'd', homeserver: 'https://matrix.example.org/', roomId: MATRIX_ROOM, accessToken: 'syt_token', timeoutMs: 10_000, timeZone: 'Europe/Paris' }),
    },
    {
      kind: 'console',
      entry: { type: 'console' },
      real: () => createConsoleDestination('d', () => {}, 'Europe/Paris'),
    },
  ])('$kind: the same name, type, pacing, batch limit, fingerprint, timeout and digest split as the client itself', async ({ kind, entry, real }) => {
    const lazy = fromConfig('d', entry);
    const client = real();
    opened.push(lazy, client);
    expect(lazy.type).toBe(kind);
    expect(identity(lazy)).toEqual(identity(client));
    // A digest: refused before its renderer is loaded, then split as the client splits it.
    const digest = digestOf(60);
    expect(() => lazy.renderDigest?.(digest)).toThrow('before prepareDigest() loaded its renderer');
    await lazy.prepareDigest?.();
    const parts = (destination: Destination) => destination.renderDigest?.(digest).map((message) => message.stories);
    expect(parts(lazy)).toEqual(parts(client));
    expect(parts(lazy)?.reduce((sum, stories) => sum + stories, 0)).toBe(60);
  });

  it('a lazy console prints through the real printer, lines and digests alike', async () => {
    const lines: string[] = [];
    const realLines: string[] = [];
    const checked = checkDestinationEntry('console', { type: 'console' }, {});
    if (!('destination' in checked)) throw new Error('unexpected problems');
    const lazy = createDestination(checked.destination, { write: (text) => lines.push(text), timeZone: 'UTC' });
    const real = createConsoleDestination('console', (text) => realLines.push(text), 'UTC');
    const delivery = makeDelivery({});
    expect(await lazy.send([delivery])).toEqual(await real.send([delivery]));
    await lazy.prepareDigest?.();
    for (const destination of [lazy, real]) for (const message of destination.renderDigest?.(digestOf(3)) ?? []) await message.send(undefined);
    expect(lines).toEqual(realLines);
    expect(lines).toHaveLength(2);
  });

  it('a lazy Discord webhook posts through the real client, built once for every send', async () => {
    let fake: FakeDiscord | undefined = await startFakeDiscord({ webhooks: [{ id: WEBHOOK_ID, token: WEBHOOK_TOKEN }] });
    opened.push({ close: async () => fake?.close() });
    const destination = fromConfig('alertes', { type: 'discord', webhook_url: WEBHOOK_URL }, { discordApi: fake.apiBase });
    opened.unshift(destination);
    await sendOne(destination, makeDelivery({ color: 0x123456 }));
    await sendOne(destination, makeDelivery({ color: 0x654321 }));
    expect(fake.requests.map((request) => [request.method, request.path])).toEqual([
      ['POST', `/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
      ['POST', `/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`],
    ]);
    fake = undefined;
  });

  it('create still throws at once when its checks fail (not on the first send)', () => {
    const checked = checkDestinationEntry('d', { type: 'discord', webhook_url: WEBHOOK_URL }, {});
    if (!('destination' in checked)) throw new Error('unexpected problems');
    expect(() => createDestination(checked.destination, { ...deps, timeZone: 'Mars/Olympus' })).toThrow('unknown time zone "Mars/Olympus"');
  });
});

describe('lazyDestination', () => {
  const id = { name: 'x', type: 'test', pacing: [], batchLimit: 1, fingerprint: 'f' };
  const fakeClient = (log: string[]): Destination => ({
    ...id,
    send: async (deliveries) => {
      log.push(`send ${deliveries.length}`);
      return deliveries.map(() => ({ delivered: true as const }));
    },
    close: async () => {
      log.push('close');
    },
  });

  it('builds nothing until a send, and closing it unbuilt closes nothing', async () => {
    const log: string[] = [];
    const destination = lazyDestination(id, async () => {
      log.push('build');
      return fakeClient(log);
    });
    await destination.close();
    expect(log).toEqual([]);
  });

  it('builds once, sends through the client, closes it', async () => {
    const log: string[] = [];
    const destination = lazyDestination(id, async () => {
      log.push('build');
      return fakeClient(log);
    });
    const delivery = makeDelivery({});
    expect(await Promise.all([destination.send([delivery]), destination.send([delivery, delivery])])).toEqual([[{ delivered: true }], [{ delivered: true }, { delivered: true }]]);
    await destination.close();
    expect(log).toEqual(['build', 'send 1', 'send 2', 'close']);
  });

  it('a client that cannot be built fails the send; close still resolves', async () => {
    const destination = lazyDestination(id, () => Promise.reject(new Error('no module')));
    await expect(destination.send([makeDelivery({})])).rejects.toThrow('no module');
    await expect(destination.close()).resolves.toBeUndefined();
  });
});
