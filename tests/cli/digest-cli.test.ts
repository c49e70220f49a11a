import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { logLines, spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * Must-show 2 of issue 15, through the built bin (dist/cli.cjs: `npm run build` first) with virtual
 * time (VEILLE_NOW): a weekday 08:00 digest (Europe/Paris) to a Discord and a Slack webhook (fakes
 * on loopback; Discord bodies checked against Discord's OpenAPI schema by the fake).
 */
const tempDir = useTempDirs();
const WEBHOOK = { id: '112233445566778899', token: 'webhook-token-SECRET' };
const SLACK = { team: 'T0001', hook: 'B0001', secret: 'slack-SECRET' };

let feeds: FeedServer;
let discord: FakeDiscord;
let slack: FakeSlack;
beforeEach(async () => {
  feeds = await startFeedServer();
  discord = await startFakeDiscord({ webhooks: [WEBHOOK] });
  slack = await startFakeSlack({ webhooks: [SLACK] });
});
afterEach(async () => {
  await Promise.all([feeds.close(), discord.close(), slack.close()]);
});

/** Paris time in March 2026 (UTC+1) as VEILLE_NOW takes it. */
const paris = (day: number, time: string) => `2026-03-${String(day).padStart(2, '0')}T${time}+01:00`;

interface Setup {
  readonly env: Record<string, string>;
  readonly dir: string;
  once(at: string): Promise<{ code: number | null; stderr: string }>;
  publish(items: readonly TestItem[]): void;
}

async function setUp(): Promise<Setup> {
  const root = await tempDir();
  const dir = join(root, 'config');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'veille.yaml'),
    [
      'settings:',
      '  timezone: Europe/Paris',
      'sources:',
      `  - name: Flux`,
      `    url: ${JSON.stringify(feeds.url('/f.xml'))}`,
      'watches:',
      '  - name: cloud',
      '    rule: [Huawei]',
      '    digest: "0 8 * * 1-5"',
      '    to: [discord, slack]',
      'destinations:',
      '  discord:',
      '    type: discord',
      '    webhook_url: ${DISCORD_WEBHOOK_URL}',
      '  slack:',
      '    type: slack',
      '    webhook_url: ${SLACK_WEBHOOK_URL}',
      '',
    ].join('\n'),
  );
  const env = {
    VEILLE_DB: join(root, 'veille.db'),
    VEILLE_DISCORD_API: discord.apiBase,
    DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK.id}/${WEBHOOK.token}`,
    SLACK_WEBHOOK_URL: slack.webhookUrl(SLACK.team, SLACK.hook, SLACK.secret),
  };
  let items: TestItem[] = [];
  const publish = (more: readonly TestItem[]) => {
    items = [...more, ...items];
    feeds.set('/f.xml', { body: rss('Flux', items) });
  };
  return {
    env,
    dir,
    publish,
    async once(at) {
      const cli = spawnCli(['once', '--config', dir], { ...env, VEILLE_NOW: at });
      const { code } = await cli.exited;
      return { code, stderr: cli.stderr() };
    },
  };
}

/** `count` matching items published on `day` from `time` on, a minute apart; titles numbered from `first`. */
function huawei(first: number, count: number, day: number, hour: number): TestItem[] {
  return Array.from({ length: count }, (_, index) => ({
    title: `Huawei n°${first + index} <@everyone> **gras**`,
    link: `https://news.example/${first + index}`,
    published: paris(day, `${String(hour).padStart(2, '0')}:${String(10 + index).padStart(2, '0')}:00`),
  }));
}

interface DiscordBody {
  readonly content?: string;
  readonly embeds: readonly { readonly title: string; readonly url: string; readonly description: string }[];
  readonly allowed_mentions: unknown;
}
const discordBodies = () => discord.requests.map((request) => request.body as DiscordBody);
const slackBodies = () => slack.requests.map((request) => request.payload as { text: string; blocks: { type: string; text: { text: string } }[] });
const titleNumbers = (body: DiscordBody) => body.embeds.map((embed) => Number(/n°(\d+)/.exec(embed.title)?.[1]));
const digestLogs = (stderr: string) => logLines(stderr).filter((line) => line['msg'] === 'digest sent').map((line) => [line['destination'], line['period'], line['messages']]);

describe('a daily digest through the real CLI with virtual time', () => {
  it('collects over a day, sends once at 08:00 split to Discord limits, nothing on an empty day, and the one missed while stopped at start', async () => {
    const setup = await setUp();
    setup.publish([{ title: 'Ancien article', link: 'https://news.example/old', published: paris(1, '12:00:00') }]);
    expect((await setup.once(paris(2, '07:00:00'))).code).toBe(0); // first read: seeds

    // Monday: 15 matching items over the day, collected, nothing sent.
    setup.publish(huawei(1, 5, 2, 8));
    expect((await setup.once(paris(2, '09:00:00'))).code).toBe(0);
    setup.publish(huawei(6, 5, 2, 12));
    expect((await setup.once(paris(2, '13:00:00'))).code).toBe(0);
    setup.publish(huawei(11, 5, 2, 17));
    expect((await setup.once(paris(2, '18:00:00'))).code).toBe(0);
    expect([discord.requests.length, slack.requests.length]).toEqual([0, 0]);

    // What the next digest would hold, and when.
    const shown = spawnCli(['digest', 'cloud', '--config', setup.dir, '--json'], { ...setup.env, VEILLE_NOW: paris(2, '18:30:00') });
    expect((await shown.exited).code).toBe(0);
    const next = JSON.parse(shown.stdout()) as { destinations: { destination: string; firesAt: string; due: boolean; items: number; stories: { title: string }[] }[] };
    expect(next.destinations.map(({ destination, firesAt, due, items }) => ({ destination, firesAt, due, items }))).toEqual([
      { destination: 'discord', firesAt: '2026-03-03T07:00:00.000Z', due: false, items: 15 },
      { destination: 'slack', firesAt: '2026-03-03T07:00:00.000Z', due: false, items: 15 },
    ]);
    expect(next.destinations[0]?.stories[0]?.title).toBe('Huawei n°15 <@everyone> **gras**');

    // Tuesday 07:59: not due, nothing sent.
    expect((await setup.once(paris(3, '07:59:00'))).code).toBe(0);
    expect([discord.requests.length, slack.requests.length]).toEqual([0, 0]);

    // Tuesday 08:00: the digest, once: 15 stories = 2 Discord messages (10 embeds at most), 1 Slack message.
    const sent = await setup.once(paris(3, '08:00:30'));
    expect(sent.code).toBe(0);
    expect(digestLogs(sent.stderr)).toEqual([
      ['discord', '2026-03-03T07:00:00.000Z', 2],
      ['slack', '2026-03-03T07:00:00.000Z', 1],
    ]);
    expect(discord.requests.map((request) => request.schemaErrors)).toEqual([[], []]);
    const [first, second] = discordBodies();
    expect(titleNumbers(first as DiscordBody)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(titleNumbers(second as DiscordBody)).toEqual([5, 4, 3, 2, 1]);
    expect(first?.content).toBe('Digest « cloud » · mardi 3 mars 2026 · 15 articles');
    expect(second?.content).toBeUndefined();
    expect(first?.embeds[0]).toMatchObject({ title: 'Huawei n°15 <\u200B@\u200Beveryone> \\*\\*gras\\*\\*', url: 'https://news.example/15', description: 'Flux · 2 mars 17:14' });
    expect(first?.allowed_mentions).toEqual({ parse: [] });
    expect(slack.requests.map((request) => request.violations)).toEqual([[]]);
    const [slackBody] = slackBodies();
    expect(slackBody?.blocks.map((block) => block.type)).toEqual(['header', ...Array.from({ length: 15 }, () => 'section')]);
    expect(slackBody?.blocks[1]?.text.text).toBe('*<https://news.example/15|Huawei n°15 &lt;@\u200Beveryone&gt; **gras**>*\nFlux · 2 mars 17:14');

    // Later the same day: nothing again.
    expect((await setup.once(paris(3, '08:30:00'))).code).toBe(0);
    expect([discord.requests.length, slack.requests.length]).toEqual([2, 1]);

    // Wednesday 08:00 after an empty day: nothing sent.
    const empty = await setup.once(paris(4, '08:00:30'));
    expect(digestLogs(empty.stderr)).toEqual([]);
    expect([discord.requests.length, slack.requests.length]).toEqual([2, 1]);

    // Wednesday: 3 items collected; veille is stopped over Thursday 08:00 and Friday 08:00; started
    // (veille run) on Friday at 09:00, it sends the missed digest once, at start.
    setup.publish(huawei(16, 3, 4, 10));
    expect((await setup.once(paris(4, '11:00:00'))).code).toBe(0);
    const run = spawnCli(['run', '--config', setup.dir], { ...setup.env, VEILLE_NOW: paris(6, '09:00:00') });
    await run.waitFor(({ stderr }) => digestLogs(stderr).length === 2, 'the missed digest sent at start');
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(digestLogs(run.stderr())).toEqual([
      ['discord', '2026-03-06T07:00:00.000Z', 1],
      ['slack', '2026-03-06T07:00:00.000Z', 1],
    ]);
    expect(titleNumbers(discordBodies()[2] as DiscordBody)).toEqual([18, 17, 16]);
    expect([discord.requests.length, slack.requests.length]).toEqual([3, 2]);
    expect((await setup.once(paris(6, '09:30:00'))).code).toBe(0);
    expect([discord.requests.length, slack.requests.length]).toEqual([3, 2]);
  }, 120_000);

  it('a SIGKILL during a digest send loses nothing and posts no message twice (but the one in flight)', async () => {
    const setup = await setUp();
    setup.publish([{ title: 'Ancien article', link: 'https://news.example/old', published: paris(1, '12:00:00') }]);
    expect((await setup.once(paris(2, '07:00:00'))).code).toBe(0);
    setup.publish(huawei(1, 12, 2, 9));
    expect((await setup.once(paris(2, '10:00:00'))).code).toBe(0);

    // Tuesday 08:00: Discord takes the first message and holds the second; the process is killed.
    discord.enqueue({ status: 200, body: { id: '1', channel_id: '2', content: '', embeds: [] } }, { network: 'hang' });
    const killed = spawnCli(['once', '--config', setup.dir], { ...setup.env, VEILLE_NOW: paris(3, '08:00:30') });
    await waitUntil(() => discord.requests.length === 2, 'the second digest message in flight');
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    expect(slack.requests.length).toBe(0);

    // Restarted: the message in flight goes again (a webhook has no idempotency key), nothing else.
    const restarted = await setup.once(paris(3, '08:05:00'));
    expect(restarted.code).toBe(0);
    expect(digestLogs(restarted.stderr)).toEqual([
      ['discord', '2026-03-03T07:00:00.000Z', 1],
      ['slack', '2026-03-03T07:00:00.000Z', 1],
    ]);
    expect(discord.requests.map((request) => request.schemaErrors)).toEqual([[], [], []]);
    const bodies = discordBodies();
    expect(bodies.map(titleNumbers)).toEqual([[12, 11, 10, 9, 8, 7, 6, 5, 4, 3], [2, 1], [2, 1]]);
    // Every item exactly once among the messages Discord answered (the held one never was).
    expect([...titleNumbers(bodies[0] as DiscordBody), ...titleNumbers(bodies[2] as DiscordBody)].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(slackBodies()[0]?.blocks.length).toBe(13);

    expect((await setup.once(paris(3, '09:00:00'))).code).toBe(0);
    expect([discord.requests.length, slack.requests.length]).toEqual([3, 1]);
  }, 120_000);
});

describe('veille run arms a timer per digest', () => {
  it('sends the 08:00 digest at 08:00 though sources are read hourly', async () => {
    const setup = await setUp();
    await writeFile(join(setup.dir, 'schedule.yaml'), 'schedule: "0 * * * *"\n');
    setup.publish([{ title: 'Ancien article', link: 'https://news.example/old', published: paris(1, '12:00:00') }]);
    expect((await setup.once(paris(2, '07:00:00'))).code).toBe(0);
    setup.publish(huawei(1, 3, 2, 9));
    expect((await setup.once(paris(2, '10:00:00'))).code).toBe(0);

    // Started 8 s before 08:00: the cycle at start sends nothing (not due), the timer sends at 08:00.
    const run = spawnCli(['run', '--config', setup.dir], { ...setup.env, VEILLE_NOW: paris(3, '07:59:52') });
    await run.waitFor(({ stderr }) => logLines(stderr).some((line) => line['msg'] === 'cycle finished'), 'the cycle at start');
    expect(digestLogs(run.stderr())).toEqual([]);
    await run.waitFor(({ stderr }) => digestLogs(stderr).length === 2, 'the digest at 08:00');
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(digestLogs(run.stderr())).toEqual([
      ['discord', '2026-03-03T07:00:00.000Z', 1],
      ['slack', '2026-03-03T07:00:00.000Z', 1],
    ]);
    expect(logLines(run.stderr()).filter((line) => line['msg'] === 'cycle finished')).toHaveLength(1);
    expect(titleNumbers(discordBodies()[0] as DiscordBody)).toEqual([3, 2, 1]);
  }, 60_000);
});

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 30_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
