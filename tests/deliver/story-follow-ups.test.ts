import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFakeDiscord, type FakeDiscord, type RecordedDiscordRequest } from '../helpers/fake-discord.js';
import { startFakeSlack, type FakeSlack, type RecordedSlackRequest } from '../helpers/fake-slack.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/**
 * Must-show 3 of issue 14: later coverage of a story attached to its first post, each `veille once`
 * a new app (the story window and the posts' ids come back from the state file: a follow-up across
 * a restart), against the fakes, Discord bodies checked against Discord's OpenAPI spec and Slack's
 * against Block Kit's limits. Then the first posts are deleted: the next coverage is posted on its
 * own, and the coverage after it attaches to that new post.
 */
const tempDir = useTempDirs();
const WEBHOOK = { id: '512345678901234567', token: 'story-webhook-SECRET' };
const BOT = { token: 'discord-bot-SECRET', channel: '612345678901234567' };
const SLACK_BOT = { token: 'xoxb-story-SECRET', channel: 'C0STORY' };
const SLACK_HOOK = { team: 'T000', hook: 'B000', secret: 'slack-SECRET' };
const OUTLETS = ['LeMagIT', 'ZDNet', 'Silicon', 'Numerama', 'Next'];
/** One story told by five outlets (all cover the same event), arriving one per run. */
const COVERAGE = [
  { title: 'Huawei ouvre un centre de recherche à Grenoble', summary: 'Le laboratoire travaillera sur les mathématiques appliquées.' },
  { title: 'Grenoble accueille le nouveau centre de recherche de Huawei', summary: 'Le groupe chinois y installe un laboratoire de mathématiques.' },
  { title: 'Huawei installe un centre de recherche en mathématiques à Grenoble', summary: 'Le laboratoire recrutera des chercheurs.' },
  { title: 'Le centre de recherche grenoblois de Huawei ouvre ses portes', summary: 'Un laboratoire de mathématiques à Grenoble.' },
  { title: 'Huawei choisit Grenoble pour son centre de recherche', summary: 'Mathématiques et algorithmes au programme du laboratoire.' },
];
const linkOf = (index: number) => `https://news.example/${OUTLETS[index]?.toLowerCase()}/grenoble`;

let feeds: FeedServer;
let discord: FakeDiscord;
let slack: FakeSlack;
beforeEach(async () => {
  feeds = await startFeedServer();
  discord = await startFakeDiscord({ webhooks: [WEBHOOK], bots: [{ token: BOT.token, channelIds: [BOT.channel] }] });
  slack = await startFakeSlack({ webhooks: [SLACK_HOOK], bots: [{ token: SLACK_BOT.token, channels: [SLACK_BOT.channel] }] });
});
afterEach(async () => {
  await Promise.all([feeds.close(), discord.close(), slack.close()]);
});

const OLD = { title: 'Ancien article Huawei', link: 'https://news.example/old' };
function publish(outlet: number, index?: number): void {
  const items = index === undefined ? [] : [{ title: COVERAGE[index]?.title ?? '', description: COVERAGE[index]?.summary ?? '', link: linkOf(index) }];
  feeds.set(`/${outlet}.xml`, { body: rss(OUTLETS[outlet] ?? '', [...items, { ...OLD, link: `${OLD.link}/${outlet}` }]) });
}

const hookRequests = () => discord.requests.filter((request) => request.path.includes('/webhooks/'));
const botRequests = () => discord.requests.filter((request) => request.path.includes('/channels/'));
const slackBotRequests = () => slack.requests.filter((request) => request.route !== 'webhook');
const slackHookRequests = () => slack.requests.filter((request) => request.route === 'webhook');
const embedOf = (message: Record<string, unknown> | undefined) => (message?.['embeds'] as { url?: string; fields?: { name: string; value: string }[] }[] | undefined)?.[0];
const shape = (request: RecordedDiscordRequest) => `${request.method} ${request.path.replace(/^\/api\/v10/, '').replace(WEBHOOK.token, 'TOKEN')}`;
const slackShape = (request: RecordedSlackRequest) => `${request.route}${request.payload['thread_ts'] === undefined ? '' : ' (thread)'}`;

describe('later coverage of a story attaches to its first post, across restarts', () => {
  it('edits the Discord webhook message, replies in a Discord thread and a Slack thread, posts nothing more to a Slack webhook; a deleted first post gives way to a new one', async () => {
    const root = await tempDir();
    for (const outlet of OUTLETS.keys()) publish(outlet);
    const dir = await writeConfigDir(root, {
      sources: OUTLETS.map((name, outlet) => ({ name, url: feeds.url(`/${outlet}.xml`) })),
      watches: [{ name: 'cloud', rule: ['Huawei'], to: ['hook', 'bot', 'sbot', 'shook'] }],
      extra:
        `destinations:\n` +
        `  hook:\n    type: discord\n    webhook_url: "${discord.apiBase}/webhooks/${WEBHOOK.id}/${WEBHOOK.token}"\n` +
        `  bot:\n    type: discord\n    token: "${BOT.token}"\n    channel_id: "${BOT.channel}"\n` +
        `  sbot:\n    type: slack\n    token: "${SLACK_BOT.token}"\n    channel: "${SLACK_BOT.channel}"\n` +
        `  shook:\n    type: slack\n    webhook_url: "${slack.webhookUrl(SLACK_HOOK.team, SLACK_HOOK.hook, SLACK_HOOK.secret)}"\n`,
    });
    const env = { VEILLE_DB: join(root, 'veille.db'), VEILLE_DISCORD_API: discord.apiBase, VEILLE_SLACK_API: slack.apiBase };
    const once = async (): Promise<CycleReport> => {
      const result = await runCliInProcess(['once', '--config', dir, '--json'], { env });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout) as CycleReport;
    };
    await once(); // seeding

    // 1. The first outlet: posted everywhere.
    publish(0, 0);
    expect(await once()).toMatchObject({ delivered: 4, pending: 0 });
    const [hookPost] = hookRequests();
    expect(hookPost?.query).toEqual({ wait: 'true' });
    const hookMessage = discord.created.find((message) => (message as { webhook_id?: string }).webhook_id === WEBHOOK.id) as { id: string };
    const botMessage = discord.created.find((message) => (message as { channel_id?: string }).channel_id === BOT.channel) as { id: string };
    const slackParent = [...slack.messages.values()][0] as { ts: string };

    // 2. A second outlet, in a new process: attached.
    publish(1, 1);
    expect(await once()).toMatchObject({ delivered: 4, pending: 0 });
    // 3. A third, in another process: attached to the same posts, in the same thread.
    publish(2, 2);
    expect(await once()).toMatchObject({ delivered: 4, pending: 0 });
    expect(hookRequests().map(shape)).toEqual([
      `POST /webhooks/${WEBHOOK.id}/TOKEN`,
      `PATCH /webhooks/${WEBHOOK.id}/TOKEN/messages/${hookMessage.id}`,
      `PATCH /webhooks/${WEBHOOK.id}/TOKEN/messages/${hookMessage.id}`,
    ]);
    expect(embedOf(discord.messages.get(hookMessage.id))).toMatchObject({
      url: linkOf(0),
      fields: [{ name: 'Termes', value: 'Huawei' }, { name: 'Aussi chez', value: `[ZDNet](${linkOf(1)})\n[Silicon](${linkOf(2)})` }],
    });
    expect(botRequests().map(shape)).toEqual([
      `POST /channels/${BOT.channel}/messages`,
      `POST /channels/${BOT.channel}/messages/${botMessage.id}/threads`,
      `POST /channels/${botMessage.id}/messages`,
      `POST /channels/${botMessage.id}/messages`,
    ]);
    expect(discord.threads.get(botMessage.id)).toEqual({ parentId: BOT.channel, name: COVERAGE[0]?.title });
    expect(botRequests().slice(2).map((request) => embedOf(request.body as Record<string, unknown>)?.url)).toEqual([linkOf(1), linkOf(2)]);
    expect(slackBotRequests().map(slackShape)).toEqual(['chat.postMessage', 'chat.postMessage (thread)', 'chat.update', 'chat.postMessage (thread)', 'chat.update']);
    expect(slackBotRequests().filter((request) => request.payload['thread_ts'] !== undefined).map((request) => request.payload['thread_ts'])).toEqual([slackParent.ts, slackParent.ts]);
    const updated = slack.messages.get(slackParent.ts) as { blocks: { type: string; elements?: { text: string }[] }[] };
    expect(updated.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '+2 autres sources dans le fil : ZDNet, Silicon', verbatim: true }] });
    expect(slackHookRequests()).toHaveLength(1);

    // 4. The first posts are deleted: the fourth outlet is posted on its own, not lost.
    discord.deleteMessage(hookMessage.id);
    discord.deleteMessage(botMessage.id);
    slack.deleteMessage(slackParent.ts);
    publish(3, 3);
    expect(await once()).toMatchObject({ delivered: 4, pending: 0, deliveryFailures: 0 });
    // 5. The fifth attaches to that new post.
    publish(4, 4);
    expect(await once()).toMatchObject({ delivered: 4, pending: 0 });
    const newHookMessage = discord.created.filter((message) => (message as { webhook_id?: string }).webhook_id === WEBHOOK.id)[1] as { id: string };
    const newBotMessage = discord.created.filter((message) => (message as { channel_id?: string }).channel_id === BOT.channel)[1] as { id: string };
    expect(hookRequests().slice(3).map(shape)).toEqual([
      `PATCH /webhooks/${WEBHOOK.id}/TOKEN/messages/${hookMessage.id}`,
      `POST /webhooks/${WEBHOOK.id}/TOKEN`,
      `PATCH /webhooks/${WEBHOOK.id}/TOKEN/messages/${newHookMessage.id}`,
    ]);
    expect(embedOf(discord.messages.get(newHookMessage.id))).toMatchObject({ url: linkOf(3), fields: [{ name: 'Termes' }, { name: 'Aussi chez', value: `[Next](${linkOf(4)})` }] });
    expect(botRequests().slice(4).map(shape)).toEqual([
      `POST /channels/${botMessage.id}/messages`,
      `POST /channels/${BOT.channel}/messages`,
      `POST /channels/${BOT.channel}/messages/${newBotMessage.id}/threads`,
      `POST /channels/${newBotMessage.id}/messages`,
    ]);
    expect(slackBotRequests().slice(5).map(slackShape)).toEqual(['chat.postMessage (thread)', 'chat.postMessage', 'chat.postMessage (thread)', 'chat.update']);
    expect(slackHookRequests()).toHaveLength(1);

    expect(discord.requests.flatMap((request) => request.schemaErrors)).toEqual([]);
    expect(slack.requests.flatMap((request) => request.violations)).toEqual([]);
  });
});

describe('a Discord bot posting to a forum channel', () => {
  it('makes each story a forum post and replies in the post\'s thread', async () => {
    const FORUM = '712345678901234567';
    const forumDiscord = await startFakeDiscord({ bots: [{ token: BOT.token, channelIds: [FORUM] }], forumChannelIds: [FORUM] });
    try {
      const root = await tempDir();
      for (const outlet of OUTLETS.keys()) publish(outlet);
      const dir = await writeConfigDir(root, {
        sources: OUTLETS.map((name, outlet) => ({ name, url: feeds.url(`/${outlet}.xml`) })),
        watches: [{ name: 'cloud', rule: ['Huawei'], to: ['forum'] }],
        extra: `destinations:\n  forum:\n    type: discord\n    token: "${BOT.token}"\n    channel_id: "${FORUM}"\n`,
      });
      const env = { VEILLE_DB: join(root, 'veille.db'), VEILLE_DISCORD_API: forumDiscord.apiBase };
      const once = async (): Promise<CycleReport> => {
        const result = await runCliInProcess(['once', '--config', dir, '--json'], { env });
        expect(result.stderr).toBe('');
        return JSON.parse(result.stdout) as CycleReport;
      };
      await once(); // seeding
      publish(0, 0);
      expect(await once()).toMatchObject({ delivered: 1, pending: 0 });
      publish(1, 1);
      publish(2, 2);
      expect(await once()).toMatchObject({ delivered: 2, pending: 0 });
      const [post] = [...forumDiscord.threads.keys()];
      expect([...forumDiscord.threads.values()]).toEqual([{ parentId: FORUM, name: COVERAGE[0]?.title }]);
      expect(forumDiscord.requests.map(shape)).toEqual([
        `POST /channels/${FORUM}/messages`, // refused: a forum takes posts, not messages
        `POST /channels/${FORUM}/threads`,
        `POST /channels/${post}/messages`,
        `POST /channels/${post}/messages`,
      ]);
      expect(forumDiscord.requests.map((request) => request.schemaErrors)).toEqual([[], [], [], []]);
    } finally {
      await forumDiscord.close();
    }
  });
});
