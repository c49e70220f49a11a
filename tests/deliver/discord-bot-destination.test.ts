import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordBotDestination } from '../../src/deliver/discord/discord-bot-destination.js';
import type { Destination } from '../../src/deliver/destination.js';
import { DISCORD_BOT_PACING } from '../../src/deliver/discord/discord-limits.js';
import { renderDiscordMessage } from '../../src/deliver/discord/render/discord-message.js';
import { parseTemplate } from '../../src/render/template.js';
import { discordRateLimited, startFakeDiscord, type FakeDiscord, type ScriptedDiscordResponse } from '../helpers/fake-discord.js';
import { makeDelivery } from '../render/delivery-fixture.js';
import { deliveryFailure, sendOne, printed } from './delivery-failure.js';

const BOT_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GsEcRt.bot_secret_token_value';
const CHANNEL_ID = '223456789012345678';

let fake: FakeDiscord;
let destination: Destination;

beforeEach(async () => {
  fake = await startFakeDiscord({ bots: [{ token: BOT_TOKEN, channelIds: [CHANNEL_ID] }] });
  destination = createDiscordBotDestination({ name: 'veille-bot', token: BOT_TOKEN, channelId: CHANNEL_ID, apiBase: fake.apiBase });
});

afterEach(async () => {
  await destination.close();
  await fake.close();
});

describe('Discord bot destination', () => {
  it('posts the rendered body to the channel with the bot token', async () => {
    const template = parseTemplate('{excerpt}\n{link}');
    const templated = createDiscordBotDestination({ name: 'modèle', token: BOT_TOKEN, channelId: CHANNEL_ID, apiBase: fake.apiBase, template });
    const delivery = makeDelivery();
    await sendOne(destination, delivery);
    await sendOne(templated, delivery);
    await templated.close();
    expect(fake.requests).toHaveLength(2);
    const [plain, custom] = fake.requests;
    expect(plain?.path).toBe(`/api/v10/channels/${CHANNEL_ID}/messages`);
    expect(plain?.headers.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(plain?.body).toEqual(renderDiscordMessage(delivery));
    expect(custom?.body).toEqual(renderDiscordMessage(delivery, { template }));
    expect(fake.requests.map((r) => r.schemaErrors)).toEqual([[], []]);
  });

  it('sends the idempotency key as an enforced nonce: a re-send after a crash creates nothing', async () => {
    const delivery = { ...makeDelivery(), idempotencyKey: 'k7yQ2c0mF9tTb3ZxWw1aPq8sD' };
    await sendOne(destination, delivery);
    await sendOne(destination, delivery);
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests.map((r) => r.body)).toEqual([
      { ...renderDiscordMessage(delivery), nonce: 'k7yQ2c0mF9tTb3ZxWw1aPq8sD', enforce_nonce: true },
      { ...renderDiscordMessage(delivery), nonce: 'k7yQ2c0mF9tTb3ZxWw1aPq8sD', enforce_nonce: true },
    ]);
    expect(fake.requests.map((r) => r.schemaErrors)).toEqual([[], []]);
    expect(fake.created).toHaveLength(1);
  });

  it('describes itself without its secret', () => {
    expect(destination.type).toBe('discord-bot');
    expect(destination.pacing).toEqual(DISCORD_BOT_PACING);
    const newToken = createDiscordBotDestination({ name: 'veille-bot', token: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GsEcRt.rotated_token_value', channelId: CHANNEL_ID, apiBase: fake.apiBase });
    const expected = createHash('sha256').update(`discord-channel:${CHANNEL_ID}\n${createHash('sha256').update(BOT_TOKEN).digest('hex')}`).digest('hex');
    // A rotated token is a settings change: it re-enables a channel a revoked token disabled.
    expect([destination.fingerprint, newToken.fingerprint === destination.fingerprint]).toEqual([expected, false]);
    expect(JSON.stringify(destination)).not.toContain(BOT_TOKEN);
  });

  it('surfaces a 429 with retry_after and posts once when called again', async () => {
    fake.enqueue(discordRateLimited(1.5));
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([error.outcome, error.status, error.retryAfterMs]).toEqual(['rate-limited', 429, 1500]);
    await sendOne(destination, makeDelivery());
    expect(fake.requests).toHaveLength(2);
  });

  const cases: { name: string; response: ScriptedDiscordResponse; outcome: string; status: number }[] = [
    { name: '500', response: { status: 500 }, outcome: 'retry', status: 500 },
    { name: '503', response: { status: 503, headers: { 'retry-after': '4' } }, outcome: 'retry', status: 503 },
    { name: '400', response: { status: 400, body: { message: 'Invalid Form Body', code: 50035 } }, outcome: 'permanent', status: 400 },
    { name: '403 Missing Access', response: { status: 403, body: { message: 'Missing Access', code: 50001 } }, outcome: 'disable', status: 403 },
  ];
  it.each(cases)('maps $name', async ({ response, outcome, status }) => {
    fake.enqueue(response);
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([error.outcome, error.status]).toEqual([outcome, status]);
    expect(fake.requests).toHaveLength(1);
  });

  it('disables on an unknown channel (404)', async () => {
    const other = createDiscordBotDestination({ name: 'autre', token: BOT_TOKEN, channelId: '323456789012345678', apiBase: fake.apiBase });
    const error = await deliveryFailure(sendOne(other, makeDelivery()));
    await other.close();
    expect([error.outcome, error.status, error.message]).toEqual(['disable', 404, 'Discord channel "autre": HTTP 404 Unknown Channel (code 10003)']);
  });

  it('disables on an invalid token (401) and never shows it', async () => {
    const badToken = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.XxXxXx.revoked_token_value';
    const other = createDiscordBotDestination({ name: 'révoqué', token: badToken, channelId: CHANNEL_ID, apiBase: fake.apiBase });
    const error = await deliveryFailure(sendOne(other, makeDelivery()));
    await other.close();
    expect([error.outcome, error.status, error.message]).toEqual(['disable', 401, 'Discord channel "révoqué": HTTP 401 401: Unauthorized (code 0)']);
    expect(printed(error)).not.toContain(badToken);
  });

  it('maps a reset connection to retry', async () => {
    fake.enqueue({ network: 'reset' });
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect(error.outcome).toBe('retry');
    expect(printed(error)).not.toContain(BOT_TOKEN);
  });

  it('rejects bad settings', () => {
    expect(() => createDiscordBotDestination({ name: 'd', token: BOT_TOKEN, channelId: 'général' })).toThrow(
      'destination "d": channelId must be a Discord id (digits), got "général"',
    );
    expect(() => createDiscordBotDestination({ name: 'd', token: ' ', channelId: CHANNEL_ID })).toThrow('destination "d": token is empty');
  });
});
