import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, Destination } from '../../src/deliver/destination.js';
import { createDiscordBotDestination } from '../../src/deliver/discord/discord-bot-destination.js';
import { createDiscordWebhookDestination } from '../../src/deliver/discord/discord-webhook-destination.js';
import { createSlackBotDestination } from '../../src/deliver/slack/slack-bot-destination.js';
import { createSlackWebhookDestination } from '../../src/deliver/slack/slack-webhook-destination.js';
import { DISCORD_LIMITS } from '../../src/deliver/discord/render/discord-message.js';
import { SLACK_LIMITS } from '../../src/deliver/slack/render/slack-message.js';
import { startFakeDiscord, type FakeDiscord, type RecordedDiscordRequest } from '../helpers/fake-discord.js';
import { startFakeSlack, type FakeSlack, type RecordedSlackRequest } from '../helpers/fake-slack.js';
import { FRENCH_TEXT, HOSTILE_TITLE, makeDelivery } from '../render/delivery-fixture.js';
import { sendOne } from './delivery-failure.js';

/**
 * End to end through real HTTP: an item crafted to abuse chat formatting, and an item in French,
 * posted to the four destination kinds. Discord bodies are validated against Discord's OpenAPI
 * schema by the fake; Slack bodies against Block Kit limits.
 */

const WEBHOOK_ID = '123456789012345678';
const WEBHOOK_TOKEN = `${'T'.repeat(40)}-hostile_test_token-${'k'.repeat(10)}`;
const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GsEcRt.hostile_bot_token';
const CHANNEL_ID = '223456789012345678';
const SLACK_TOKEN = 'xoxb-1-2-hostileSlackToken';
const ARTICLE = 'https://www.example.fr/articles/cloud-souverain';

const hostile: Delivery = makeDelivery({
  item: { title: HOSTILE_TITLE, summary: HOSTILE_TITLE, source: '@everyone <@&1> news' },
  watch: '<!channel> @here',
  terms: ['<@&123456789012345678>', '[x](http://evil.example)'],
});
const french: Delivery = makeDelivery({
  item: { title: FRENCH_TEXT, summary: FRENCH_TEXT, source: 'Les Échos' },
  watch: 'Énergie',
  terms: ['électricité', 'État'],
});

let discord: FakeDiscord;
let slack: FakeSlack;
let destinations: Record<'discordWebhook' | 'discordBot' | 'slackWebhook' | 'slackBot', Destination>;

beforeAll(async () => {
  discord = await startFakeDiscord({ webhooks: [{ id: WEBHOOK_ID, token: WEBHOOK_TOKEN }], bots: [{ token: BOT_TOKEN, channelIds: [CHANNEL_ID] }] });
  slack = await startFakeSlack({ webhooks: [{ team: 'T01', hook: 'B01', secret: 'hostileHookSecret' }], bots: [{ token: SLACK_TOKEN, channels: ['C0123456789'] }] });
  destinations = {
    discordWebhook: createDiscordWebhookDestination({
      name: 'dw',
      webhookUrl: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      apiBase: discord.apiBase,
    }),
    discordBot: createDiscordBotDestination({ name: 'db', token: BOT_TOKEN, channelId: CHANNEL_ID, apiBase: discord.apiBase }),
    slackWebhook: createSlackWebhookDestination({ name: 'sw', webhookUrl: slack.webhookUrl('T01', 'B01', 'hostileHookSecret') }),
    slackBot: createSlackBotDestination({ name: 'sb', token: SLACK_TOKEN, channel: 'C0123456789', apiBase: slack.apiBase }),
  };
});

afterAll(async () => {
  for (const destination of Object.values(destinations)) await destination.close();
  await discord.close();
  await slack.close();
});

interface Embed {
  title: string;
  url?: string;
  description?: string;
  author?: { name: string };
  footer?: { text: string };
  fields?: { name: string; value: string }[];
}

async function postDiscord(destination: Destination, delivery: Delivery): Promise<RecordedDiscordRequest> {
  const before = discord.requests.length;
  await sendOne(destination, delivery);
  expect(discord.requests).toHaveLength(before + 1);
  const request = discord.requests[before];
  if (request === undefined) throw new Error('no request recorded');
  expect(request.schemaErrors).toEqual([]);
  return request;
}

async function postSlack(destination: Destination, delivery: Delivery): Promise<RecordedSlackRequest> {
  const before = slack.requests.length;
  await sendOne(destination, delivery);
  expect(slack.requests).toHaveLength(before + 1);
  const request = slack.requests[before];
  if (request === undefined) throw new Error('no request recorded');
  expect(request.violations).toEqual([]);
  return request;
}

function embedOf(request: RecordedDiscordRequest): Embed {
  const body = request.body as { embeds: Embed[] };
  expect(body.embeds).toHaveLength(1);
  return body.embeds[0] as Embed;
}

/** Every mrkdwn string of a Slack payload (plain_text is never parsed by Slack). */
function slackMarkup(payload: Record<string, unknown>): string[] {
  const blocks = payload['blocks'] as { type: string; text?: { type: string; text: string }; elements?: { type: string; text: string }[] }[];
  const out = [String(payload['text'])];
  for (const block of blocks) {
    if (block.text?.type === 'mrkdwn') out.push(block.text.text);
    for (const element of block.elements ?? []) if (element.type === 'mrkdwn') out.push(element.text);
  }
  return out;
}

describe.each(['discordWebhook', 'discordBot'] as const)('%s', (kind) => {
  it('posts a hostile item safely and within limits', async () => {
    const request = await postDiscord(destinations[kind], hostile);
    const body = request.body as { allowed_mentions: unknown; content?: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.content).toBeUndefined();
    const embed = embedOf(request);
    expect(embed.url).toBe(ARTICLE);
    expect(embed.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    const text = request.rawBody;
    // No live mention, no masked link, nothing the feed wrote is a link target.
    expect(text).not.toMatch(/@(everyone|here)|<[@#]/);
    expect(text).not.toMatch(/(^|[^\\])\[x(\\\\)*\]\(/);
    expect(text).toContain('\\\\[x\\\\](http://evil.example)');
    expect(embed.title.startsWith('@\u200Beveryone @\u200Bhere <\u200B@&123456789012345678>')).toBe(true);
    expect(embed.author?.name).toBe('@\u200Beveryone <\u200B@&1> news');
    expect(embed.footer?.text).toBe('<!channel> @\u200Bhere');
    expect(embed.fields?.[0]?.value).toBe('<\u200B@&123456789012345678>, \\[x\\](http://evil.example)');
  });

  it('keeps French text intact', async () => {
    const request = await postDiscord(destinations[kind], french);
    const embed = embedOf(request);
    expect(embed.title).toBe(FRENCH_TEXT);
    expect(embed.description).toBe(FRENCH_TEXT);
    expect(embed.author?.name).toBe('Les Échos');
    expect(embed.footer?.text).toBe('Énergie');
    expect(embed.fields?.[0]?.value).toBe('électricité, État');
    expect(request.rawBody).toContain('«\u00A0France\u202F2030\u00A0»');
  });
});

describe.each(['slackWebhook', 'slackBot'] as const)('%s', (kind) => {
  it('posts a hostile item safely and within limits', async () => {
    const request = await postSlack(destinations[kind], hostile);
    const markup = slackMarkup(request.payload);
    for (const text of markup) {
      // Only `<` veille wrote itself: the article link.
      const tokens = text.match(/<[^>]*>/g) ?? [];
      expect(tokens.every((token) => token.startsWith(`<${ARTICLE}|`))).toBe(true);
      expect(text).not.toMatch(/@(channel|here|everyone)/);
      expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    expect(String(request.payload['text']).length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    const blocks = request.payload['blocks'] as { type: string; text?: { text: string } }[];
    expect(blocks[0]?.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    expect(blocks[1]?.text?.text.endsWith(`\n<${ARTICLE}|Lire l’article>`)).toBe(true);
  });

  it('keeps French text intact', async () => {
    const request = await postSlack(destinations[kind], french);
    const blocks = request.payload['blocks'] as { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    expect(request.payload['text']).toBe(`${FRENCH_TEXT} — Les Échos`);
    expect(blocks[0]?.text?.text).toBe(FRENCH_TEXT);
    expect(blocks[1]?.text?.text).toBe(`${FRENCH_TEXT}\n<${ARTICLE}|Lire l’article>`);
    expect(blocks[2]?.elements?.map((e) => e.text)).toEqual(['Les Échos', '5 mars 2024 à 14:30', 'Termes\u00A0: électricité, État']);
  });
});
