import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { discordRateLimited, startFakeDiscord, type FakeDiscord, type RecordedDiscordRequest, type ScriptedDiscordResponse } from '../helpers/fake-discord.js';
import { startHostileFeedServer, type HostileFeedServer } from '../helpers/hostile-feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * SIGKILL the real process (dist/cli.cjs) in the middle of a cycle with matching items to deliver,
 * restart it, and count what the fake Discord accepted: every item exactly once.
 *
 * "Accepted" means answered 2xx by the fake. A hung request was never answered, a 429 is not an
 * acceptance. The one window these kill points stay out of, because no webhook API can close it, is
 * the instant between Discord accepting a message and veille recording it as delivered: a kill there
 * posts that item again after the restart (webhooks take no idempotency key).
 */

const tempDir = useTempDirs();
const WEBHOOK = { id: '112233445566778899', token: 'webhook-token-SECRET' };
const FEED_PATH = '/flux.xml';
const OLD: TestItem = { title: 'Huawei : un article déjà là', link: 'https://news.example/old' };
const start = Date.now();
/** Oldest first in delivery order: n°1 is delivered first. */
const NEW_ITEMS: readonly TestItem[] = Array.from({ length: 4 }, (_, i) => ({
  title: `Huawei dépêche n°${i + 1}`,
  link: `https://news.example/${i + 1}`,
  published: new Date(start - (10 - i) * 60_000).toISOString(),
}));

interface Answered {
  readonly link: string | undefined;
  /** The status the fake answered with; undefined for a request it never answered. */
  readonly status: number | undefined;
}

interface KillCase {
  /** Which CLI command is killed. */
  readonly command: 'once' | 'run';
  /** Serve the feed stalled (headers and a few bytes, then nothing) in the run that is killed. */
  readonly stallFeed: boolean;
  /** What the fake answers to the n-th delivery request of the killed run (undefined: its default). */
  readonly script: (index: number) => ScriptedDiscordResponse | undefined;
  /** Resolves when the process is where it must be killed. */
  readonly killWhen: (world: { cli: SpawnedCli; discord: FakeDiscord; feeds: HostileFeedServer; feedRequestsBefore: number }) => Promise<void>;
  /** Deliveries accepted before the kill. */
  readonly acceptedBeforeKill: number;
  /** A rate-limit wait (ms) the restart must honour before sending. */
  readonly waitAfterRestartMs?: number;
}

/** Resolves once `predicate` holds, checking every 10 ms (the test timeout bounds the wait). */
async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 10));
}

const CASES: readonly (readonly [string, KillCase])[] = [
  [
    '(a) while the feed with the new items is being fetched, before anything is committed',
    {
      command: 'once',
      stallFeed: true,
      script: () => undefined,
      killWhen: ({ feeds, feedRequestsBefore }) =>
        until(() => feeds.requests.filter((request) => request.path === FEED_PATH).length > feedRequestsBefore),
      acceptedBeforeKill: 0,
    },
  ],
  [
    '(b) while Discord hangs the first delivery request',
    {
      command: 'once',
      stallFeed: false,
      script: (index) => (index === 0 ? { network: 'hang' } : undefined),
      killWhen: ({ discord }) => until(() => discord.requests.length >= 1),
      acceptedBeforeKill: 0,
    },
  ],
  [
    '(c) after two deliveries were accepted, while the third one hangs',
    {
      command: 'once',
      stallFeed: false,
      script: (index) => (index === 2 ? { network: 'hang' } : undefined),
      killWhen: ({ discord }) => until(() => discord.requests.length >= 3),
      acceptedBeforeKill: 2,
    },
  ],
  [
    '(d) while the dispatcher waits out a 429 retry_after (veille run)',
    {
      command: 'run',
      stallFeed: false,
      script: (index) => (index === 0 ? discordRateLimited(3) : undefined),
      killWhen: ({ cli }) =>
        cli.waitFor(({ stderr }) => logLines(stderr).some((line) => line['msg'] === 'rate limited by the destination; waiting as asked'), 'the 429 wait'),
      acceptedBeforeKill: 0,
      waitAfterRestartMs: 3_000,
    },
  ],
];

let feeds: HostileFeedServer;
let discord: FakeDiscord;
let answered: Answered[];
let script: (index: number) => ScriptedDiscordResponse | undefined;

/** The fake's own default answer: 200 for a valid `?wait=true` execute of the known webhook. */
function defaultStatus(request: RecordedDiscordRequest): number {
  const valid =
    request.route === 'webhook' &&
    request.path === `/api/v10/webhooks/${WEBHOOK.id}/${WEBHOOK.token}` &&
    request.schemaErrors.length === 0 &&
    request.query['wait'] === 'true';
  return valid ? 200 : 400;
}

beforeEach(async () => {
  feeds = await startHostileFeedServer();
  answered = [];
  script = () => undefined;
  discord = await startFakeDiscord({
    webhooks: [WEBHOOK],
    onRequest: (request) => {
      // Called before the fake picks its answer: a response enqueued now is the one this request gets.
      const scripted = script(answered.length);
      if (scripted !== undefined) discord.enqueue(scripted);
      const status = scripted === undefined ? defaultStatus(request) : 'status' in scripted ? scripted.status : undefined;
      const embeds = (request.body as { embeds?: { url?: string }[] } | undefined)?.embeds;
      answered.push({ link: embeds?.[0]?.url, status });
    },
  });
});
afterEach(async () => {
  await Promise.all([feeds.close(), discord.close()]);
});

const accepted = (): (string | undefined)[] =>
  answered.filter((answer) => answer.status !== undefined && answer.status >= 200 && answer.status < 300).map((answer) => answer.link);

describe('kill -9 during a cycle, then restart: every matching item accepted exactly once', () => {
  it.each(CASES)('%s', async (_name, killCase) => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, {
      sources: [{ name: 'Le Flux', url: feeds.loopbackUrl(FEED_PATH) }],
      watches: [{ name: 'cloud', rule: ['Huawei'], to: ['discord'] }],
      extra: 'destinations:\n  discord:\n    type: discord\n    webhook_url: ${DISCORD_WEBHOOK_URL}\n',
    });
    const env = {
      VEILLE_DB: join(root, 'veille.db'),
      VEILLE_DISCORD_API: discord.apiBase,
      DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK.id}/${WEBHOOK.token}`,
    };
    const once = async (): Promise<CycleReport> => {
      const cli = spawnCli(['once', '--config', dir, '--json'], env);
      const exit = await cli.exited;
      expect({ exit, stderr: logLines(cli.stderr()).filter((line) => Number(line['level']) >= 50) }).toEqual({ exit: { code: 0, signal: null }, stderr: [] });
      return JSON.parse(cli.stdout()) as CycleReport;
    };

    // Seed: the feed's current item is recorded, not posted.
    feeds.serveFeed(FEED_PATH, rss('Flux', [OLD]));
    expect(await once()).toMatchObject({ seeded: 1, enqueued: 0 });
    expect(discord.requests).toEqual([]);

    // Four new matching items; the run that will be killed.
    const body = rss('Flux', [...NEW_ITEMS].reverse().concat(OLD));
    feeds.serveFeed(FEED_PATH, body, killCase.stallFeed ? { stallAfterBytes: 100 } : {});
    script = killCase.script;
    const feedRequestsBefore = feeds.requests.filter((request) => request.path === FEED_PATH).length;
    const cli = spawnCli([killCase.command, '--config', dir], env);
    await killCase.killWhen({ cli, discord, feeds, feedRequestsBefore });
    expect(cli.child.kill('SIGKILL')).toBe(true);
    expect(await cli.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(accepted()).toEqual(NEW_ITEMS.slice(0, killCase.acceptedBeforeKill).map((item) => item.link));

    // Restart with everything healthy: what was not accepted is sent, nothing is sent twice.
    script = () => undefined;
    feeds.serveFeed(FEED_PATH, body);
    if (killCase.waitAfterRestartMs !== undefined) {
      // The wait Discord asked for was saved before the kill: a restart at once sends nothing...
      expect(await once()).toMatchObject({ newItems: 0, delivered: 0, pending: NEW_ITEMS.length });
      expect(accepted()).toEqual([]);
      // ...and sends once it is over.
      await new Promise((resolve) => setTimeout(resolve, killCase.waitAfterRestartMs));
    }
    // newItems tells whether the killed run had committed the items (then they are not new any more).
    expect(await once()).toMatchObject({
      newItems: killCase.stallFeed ? NEW_ITEMS.length : 0,
      delivered: NEW_ITEMS.length - killCase.acceptedBeforeKill,
      pending: 0,
      deliveryFailures: 0,
    });
    expect(await once()).toMatchObject({ newItems: 0, enqueued: 0, delivered: 0, pending: 0 });

    expect(accepted()).toEqual(NEW_ITEMS.map((item) => item.link));
    expect(discord.requests.flatMap((request) => request.schemaErrors)).toEqual([]);
  }, 60_000);
});
