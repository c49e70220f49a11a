import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import { DEFAULT_RETRY_POLICY } from '../../src/deliver/retry-policy.js';
import { createApp } from '../../src/main.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { discordRateLimited, startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createScaledClock, createTestClock } from '../helpers/test-clock.js';
import { silentLogger } from '../helpers/silent-logger.js';

const tempDir = useTempDirs();
const WEBHOOK = { id: '112233445566778899', token: 'webhook-token-SECRET' };
const SLACK_HOOK = { team: 'T000', hook: 'B000', secret: 'slack-SECRET' };

let feeds: FeedServer;
let discord: FakeDiscord;
let slack: FakeSlack;
const discordTimes: number[] = [];
let now: () => number = Date.now;
beforeEach(async () => {
  feeds = await startFeedServer();
  discordTimes.length = 0;
  now = Date.now;
  discord = await startFakeDiscord({ webhooks: [WEBHOOK], onRequest: () => discordTimes.push(now()) });
  slack = await startFakeSlack({ webhooks: [SLACK_HOOK] });
});
afterEach(async () => {
  await Promise.all([feeds.close(), discord.close(), slack.close()]);
});

const CHAT_DESTINATIONS = `destinations:
  discord:
    type: discord
    webhook_url: \${DISCORD_WEBHOOK_URL}
    optional: true
  slack:
    type: slack
    webhook_url: \${SLACK_WEBHOOK_URL}
    optional: true
`;

async function setup(webhookId = WEBHOOK.id) {
  const root = await tempDir();
  feeds.set('/a.xml', { body: rss('A', [{ title: 'Ancien article Huawei', link: 'https://news.example/old' }]) });
  const dir = await writeConfigDir(root, {
    sources: [{ name: 'Le Flux', url: feeds.url('/a.xml') }],
    watches: [{ name: 'cloud', rule: ['Huawei', 'SecNumCloud'], to: ['discord', 'slack'] }],
    extra: CHAT_DESTINATIONS,
  });
  const env = {
    VEILLE_DB: join(root, 'veille.db'),
    VEILLE_DISCORD_API: discord.apiBase,
    DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${webhookId}/${WEBHOOK.token}`,
    SLACK_WEBHOOK_URL: slack.webhookUrl(SLACK_HOOK.team, SLACK_HOOK.hook, SLACK_HOOK.secret),
  };
  const once = async () => {
    const result = await runCliInProcess(['once', '--config', dir, '--json'], { env });
    expect(result.code).toBe(0);
    return { report: JSON.parse(result.stdout) as CycleReport, stderr: result.stderr };
  };
  await once(); // seeding
  return { dir, env, once };
}

function publish(items: readonly TestItem[]) {
  feeds.set('/a.xml', { body: rss('A', [...items, { title: 'Ancien article Huawei', link: 'https://news.example/old' }]) });
}

describe('delivery to Discord and Slack through a cycle', () => {
  it('posts a new match once to each, with bodies valid for Discord and Slack', async () => {
    const { once } = await setup();
    publish([{ title: 'Huawei ouvre une région « cloud » à Paris', link: 'https://news.example/huawei', description: '<p>L’équipementier chinois&nbsp;accélère.</p>' }]);
    const { report } = await once();
    expect(report).toMatchObject({ matched: 1, enqueued: 2, delivered: 2, pending: 0 });
    expect(discord.requests).toHaveLength(1);
    expect(discord.requests[0]).toMatchObject({ route: 'webhook', query: { wait: 'true' }, schemaErrors: [] });
    const body = discord.requests[0]!.body as { embeds: { title: string; url: string; footer: { text: string } }[]; allowed_mentions: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]).toMatchObject({ title: 'Huawei ouvre une région « cloud » à Paris', url: 'https://news.example/huawei', footer: { text: 'cloud' } });
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]).toMatchObject({ route: 'webhook', violations: [] });
    expect(slack.requests[0]!.payload['text']).toContain('Huawei ouvre une région « cloud » à Paris');

    expect((await once()).report).toMatchObject({ delivered: 0, pending: 0 });
    expect(discord.requests).toHaveLength(1);
    expect(slack.requests).toHaveLength(1);
  });

  it('waits for retry_after on 429, retries a 500, and posts exactly once', async () => {
    const root = await tempDir();
    feeds.set('/a.xml', { body: rss('A', [{ title: 'Ancien article Huawei', link: 'https://news.example/old' }]) });
    const dir = await writeConfigDir(root, {
      sources: [{ name: 'Le Flux', url: feeds.url('/a.xml') }],
      watches: [{ name: 'cloud', rule: ['Huawei', 'SecNumCloud'], to: ['discord'] }],
      extra: CHAT_DESTINATIONS,
    });
    const config = await loadConfig(dir, readRuntimeEnv({ VEILLE_DISCORD_API: discord.apiBase, DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK.id}/${WEBHOOK.token}` }));
    // Virtual time: waits are exact and instant; each request is stamped with the virtual time it arrives.
    const clock = createTestClock();
    now = () => clock.now().getTime();
    const retry = { ...DEFAULT_RETRY_POLICY, random: () => 0.5 };
    const app = createApp(config, { dbPath: join(root, 'veille.db'), logger: silentLogger, write: () => {}, clock, retry });
    try {
      await app.runCycle(); // seeding
      discord.enqueue(discordRateLimited(0.3), { status: 500, body: { message: 'Internal Server Error', code: 0 } });
      publish([{ title: 'SecNumCloud : un nouveau qualifié', link: 'https://news.example/snc' }]);
      expect(await app.runCycle()).toMatchObject({ delivered: 1, pending: 0, deliveryFailures: 0 });
      expect(await app.runCycle()).toMatchObject({ delivered: 0, pending: 0 });
    } finally {
      await app.close();
    }
    expect(discord.requests).toHaveLength(3);
    expect(discord.created).toHaveLength(1);
    // Sent again exactly when Discord said (0.3 s), then after the first backoff step (1 s, jitter 0.5).
    expect([discordTimes[1]! - discordTimes[0]!, discordTimes[2]! - discordTimes[1]!]).toEqual([300, 750]);
    expect(discord.requests.every((request) => request.schemaErrors.length === 0)).toBe(true);
  });

  it('disables a deleted webhook (404), reports it, and still serves Slack', async () => {
    const { once } = await setup('999999999999999999'); // unknown to the fake: 404 Unknown Webhook
    publish([{ title: 'Huawei : premier article', link: 'https://news.example/1' }]);
    const first = await once();
    expect(first.report).toMatchObject({ delivered: 1, pending: 1 });
    expect(first.stderr).toContain('disabling it until its settings change');
    expect(first.stderr).not.toContain(WEBHOOK.token);
    // Another story (the same one, from another outlet, would not be posted again: a Slack webhook cannot attach it).
    publish([{ title: 'Huawei ouvre un centre de recherche à Grenoble', link: 'https://news.example/2' }, { title: 'Huawei : premier article', link: 'https://news.example/1' }]);
    const second = await once();
    expect(second.report).toMatchObject({ delivered: 1, pending: 2 });
    expect(discord.requests).toHaveLength(1); // never called again
    expect(slack.requests).toHaveLength(2);
  });

  it('disables a webhook whose token is wrong (401) until the URL changes; the corrected URL sends what waited', async () => {
    const { dir, env, once } = await setup();
    const wrong = { ...env, DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK.id}/revoked-token` };
    publish([{ title: 'Huawei : premier article', link: 'https://news.example/1' }]);
    const refused = await runCliInProcess(['once', '--config', dir, '--json'], { env: wrong });
    expect(refused.code).toBe(0);
    expect(JSON.parse(refused.stdout)).toMatchObject({ delivered: 1, pending: 1 });
    expect(refused.stderr).toContain('disabling it until its settings change');
    const again = await runCliInProcess(['once', '--config', dir, '--json'], { env: wrong });
    expect(JSON.parse(again.stdout)).toMatchObject({ delivered: 0, pending: 1 });
    expect(discord.requests).toHaveLength(1); // disabled: not called again with the same token
    // The URL with the right token is a settings change: the destination is enabled again.
    expect((await once()).report).toMatchObject({ delivered: 1, pending: 0 });
    expect(discord.requests).toHaveLength(2);
    expect(discord.created).toHaveLength(1);
  });

  it('gives up entries a disabled destination still holds after a day, instead of flooding it later', async () => {
    const root = await tempDir();
    feeds.set('/a.xml', { body: rss('A', [{ title: 'Ancien article Huawei', link: 'https://news.example/old' }]) });
    const dir = await writeConfigDir(root, {
      sources: [{ name: 'A', url: feeds.url('/a.xml') }],
      watches: [{ name: 'cloud', rule: ['Huawei'], to: ['discord'] }],
      extra: CHAT_DESTINATIONS,
    });
    // A deleted webhook: 404, the destination is disabled and its entries wait.
    const config = await loadConfig(dir, readRuntimeEnv({ VEILLE_DISCORD_API: discord.apiBase, DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/999999999999999999/${WEBHOOK.token}` }));
    const clock = createTestClock();
    const app = createApp(config, { dbPath: join(root, 'veille.db'), logger: silentLogger, write: () => {}, clock });
    try {
      await app.runCycle();
      publish([{ title: 'Huawei : une nouvelle', link: 'https://news.example/1' }]);
      expect(await app.runCycle()).toMatchObject({ delivered: 0, pending: 1 });
      clock.advance(23 * 3_600_000);
      expect(await app.runCycle()).toMatchObject({ pending: 1, deliveryFailures: 0 });
      clock.advance(2 * 3_600_000);
      expect(await app.runCycle()).toMatchObject({ pending: 0, deliveryFailures: 1 });
    } finally {
      await app.close();
    }
    expect(discord.requests).toHaveLength(1);
  });

  it('delivers 100 matches to one webhook once each, in order, never over its rate limits', async () => {
    const root = await tempDir();
    const seeded = { title: 'Déjà là', link: 'https://news.example/seeded' };
    feeds.set('/a.xml', { body: rss('A', [seeded]) });
    const dir = await writeConfigDir(root, {
      sources: [{ name: 'A', url: feeds.url('/a.xml') }],
      watches: [{ name: 'cloud', rule: ['Huawei'], to: ['discord'] }],
      extra: CHAT_DESTINATIONS,
    });
    const runtime = readRuntimeEnv({
      VEILLE_DISCORD_API: discord.apiBase,
      DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK.id}/${WEBHOOK.token}`,
    });
    const config = await loadConfig(dir, runtime);
    // Time sped up 25x: the ~3.5 virtual minutes that 30 per minute require take ~8 real seconds,
    // while discord.js's own real-time limits (50 requests/s) still see a realistic rate.
    const clock = createScaledClock(25);
    now = () => clock.now().getTime();
    const app = createApp(config, { dbPath: join(root, 'veille.db'), logger: silentLogger, write: () => {}, clock });
    try {
      await app.runCycle(); // seeding
      const start = clock.now().getTime();
      const items = Array.from({ length: 100 }, (_, i) => ({
        title: `Huawei dépêche n°${i + 1}`,
        link: `https://news.example/${i + 1}`,
        published: new Date(start - (100 - i) * 1_000).toISOString(), // n°1 is the oldest
      }));
      feeds.set('/a.xml', { body: rss('A', [...items, seeded]) });
      const report = await app.runCycle();
      expect(report).toMatchObject({ newItems: 100, enqueued: 100, delivered: 100, pending: 0 });
    } finally {
      await app.close();
    }
    const titles = discord.requests.map((request) => (request.body as { embeds: { title: string }[] }).embeds[0]?.title);
    expect(titles).toEqual(Array.from({ length: 100 }, (_, i) => `Huawei dépêche n°${i + 1}`));
    expect(discord.requests.every((request) => request.schemaErrors.length === 0)).toBe(true);
    for (const [limit, windowMs] of [[5, 2_000], [30, 60_000]] as const) {
      const worst = Math.max(...discordTimes.map((t) => discordTimes.filter((u) => u >= t && u < t + windowMs).length));
      expect(worst).toBeLessThanOrEqual(limit);
    }
  });
});
