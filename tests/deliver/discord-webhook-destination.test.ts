import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordWebhookDestination } from '../../src/deliver/discord/discord-webhook-destination.js';
import type { Destination } from '../../src/deliver/destination.js';
import { DISCORD_WEBHOOK_PACING } from '../../src/deliver/discord/discord-limits.js';
import { renderDiscordMessage } from '../../src/deliver/discord/render/discord-message.js';
import { discordRateLimited, startFakeDiscord, type FakeDiscord, type ScriptedDiscordResponse } from '../helpers/fake-discord.js';
import { makeDelivery } from '../render/delivery-fixture.js';
import { deliveryFailure, sendOne, printed, until } from './delivery-failure.js';

const WEBHOOK_ID = '123456789012345678';
const WEBHOOK_TOKEN = `${'T'.repeat(30)}-secret_webhook_token-${'k'.repeat(16)}`;
const WEBHOOK_URL = `https://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`;

let fake: FakeDiscord;
let destination: Destination;

beforeEach(async () => {
  fake = await startFakeDiscord({ webhooks: [{ id: WEBHOOK_ID, token: WEBHOOK_TOKEN }] });
  destination = createDiscordWebhookDestination({ name: 'alertes', webhookUrl: WEBHOOK_URL, apiBase: fake.apiBase, timeoutMs: 2000 });
});

afterEach(async () => {
  await destination.close();
  await fake.close();
});

describe('Discord webhook destination', () => {
  it('executes the webhook with the rendered body and wait=true', async () => {
    const delivery = makeDelivery({ color: 0x123456 });
    await sendOne(destination, delivery);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(`/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`);
    expect(request?.query).toEqual({ wait: 'true' });
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual(renderDiscordMessage(delivery));
    expect(request?.schemaErrors).toEqual([]);
  });

  it('describes itself without its secret', () => {
    expect(destination.name).toBe('alertes');
    expect(destination.type).toBe('discord-webhook');
    expect(destination.pacing).toEqual(DISCORD_WEBHOOK_PACING);
    expect(destination.fingerprint).toBe(createHash('sha256').update(`discord-webhook:${WEBHOOK_ID}\n${createHash('sha256').update(WEBHOOK_TOKEN).digest('hex')}`).digest('hex'));
    expect(destination.fingerprint).not.toContain(WEBHOOK_TOKEN);
    expect(JSON.stringify(destination)).not.toContain(WEBHOOK_TOKEN);
  });

  it('surfaces a 429 with the body retry_after, then posts exactly once when called again', async () => {
    fake.enqueue(discordRateLimited(0.2));
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect(error.outcome).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(200);
    expect(error.destination).toBe('alertes');
    expect(fake.requests).toHaveLength(1); // discord.js did not wait and resend by itself

    await sendOne(destination, makeDelivery());
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests.map((r) => r.schemaErrors)).toEqual([[], []]);
  });

  it('uses the Retry-After header when the body has no retry_after', async () => {
    fake.enqueue({ status: 429, body: { message: 'You are being rate limited.' }, headers: { 'retry-after': '3' } });
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([error.outcome, error.retryAfterMs]).toEqual(['rate-limited', 3000]);
  });

  const statusCases: { name: string; response: ScriptedDiscordResponse; outcome: string; status: number; message: string }[] = [
    { name: '500', response: { status: 500, body: { message: '500: Internal Server Error', code: 0 } }, outcome: 'retry', status: 500, message: 'Discord webhook "alertes": HTTP 500 500: Internal Server Error (code 0)' },
    { name: '502 without body', response: { status: 502 }, outcome: 'retry', status: 502, message: 'Discord webhook "alertes": HTTP 502' },
    { name: '400', response: { status: 400, body: { message: 'Invalid Form Body', code: 50035 } }, outcome: 'permanent', status: 400, message: 'Discord webhook "alertes": HTTP 400 Invalid Form Body (code 50035)' },
    { name: '413', response: { status: 413, body: { message: 'Request entity too large', code: 40005 } }, outcome: 'permanent', status: 413, message: 'Discord webhook "alertes": HTTP 413 Request entity too large (code 40005)' },
    { name: '403', response: { status: 403, body: { message: 'Missing Access', code: 50001 } }, outcome: 'disable', status: 403, message: 'Discord webhook "alertes": HTTP 403 Missing Access (code 50001)' },
  ];
  it.each(statusCases)('maps a scripted $name once, without internal retry', async ({ response, outcome, status, message }) => {
    fake.enqueue(response);
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect({ outcome: error.outcome, status: error.status, message: error.message }).toEqual({ outcome, status, message });
    expect(fake.requests).toHaveLength(1);
  });

  it('disables on a deleted webhook (404 Unknown Webhook)', async () => {
    const other = createDiscordWebhookDestination({
      name: 'supprimé',
      webhookUrl: `https://discord.com/api/webhooks/987654321098765432/${WEBHOOK_TOKEN}`,
      apiBase: fake.apiBase,
    });
    const error = await deliveryFailure(sendOne(other, makeDelivery()));
    await other.close();
    expect({ outcome: error.outcome, status: error.status, message: error.message }).toEqual({
      outcome: 'disable',
      status: 404,
      message: 'Discord webhook "supprimé": HTTP 404 Unknown Webhook (code 10015)',
    });
  });

  it('disables on a wrong token (401) and never shows the token', async () => {
    const wrongToken = `${'W'.repeat(30)}-wrong_token-${'z'.repeat(20)}`;
    const other = createDiscordWebhookDestination({
      name: 'mauvais',
      webhookUrl: `https://discord.com/api/webhooks/${WEBHOOK_ID}/${wrongToken}`,
      apiBase: fake.apiBase,
    });
    const error = await deliveryFailure(sendOne(other, makeDelivery()));
    await other.close();
    expect([error.outcome, error.status]).toEqual(['disable', 401]);
    expect(printed(error)).not.toContain(wrongToken);
    // Another token is another credential: fixing the URL (a new token) re-enables the destination.
    expect(other.fingerprint).not.toBe(destination.fingerprint);
  });

  it('maps a reset connection to retry', async () => {
    fake.enqueue({ network: 'reset' });
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect(error.outcome).toBe('retry');
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/^Discord webhook "alertes": network error/);
    expect(fake.requests).toHaveLength(1);
    expect(printed(error)).not.toContain(WEBHOOK_TOKEN);
  });

  it('maps a refused connection to retry', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const other = createDiscordWebhookDestination({ name: 'hors-ligne', webhookUrl: WEBHOOK_URL, apiBase: `http://127.0.0.1:${port}/api` });
    const error = await deliveryFailure(sendOne(other, makeDelivery()));
    await other.close();
    expect(error.outcome).toBe('retry');
    expect(error.message).toBe(`Discord webhook "hors-ligne": network error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(printed(error)).not.toContain(WEBHOOK_TOKEN);
  });

  it('maps a timeout to retry', async () => {
    const slow = createDiscordWebhookDestination({ name: 'lent', webhookUrl: WEBHOOK_URL, apiBase: fake.apiBase, timeoutMs: 100 });
    fake.enqueue({ network: 'hang' });
    const error = await deliveryFailure(sendOne(slow, makeDelivery()));
    await slow.close();
    expect([error.outcome, error.message]).toEqual(['retry', 'Discord webhook "lent": no answer within 100 ms']);
  });

  it('stops when the caller aborts, before or during the request', async () => {
    const before = await deliveryFailure(sendOne(destination, makeDelivery(), AbortSignal.abort()));
    expect([before.outcome, before.message]).toEqual(['retry', 'Discord webhook "alertes": send aborted']);
    expect(fake.requests).toHaveLength(0);

    fake.enqueue({ network: 'hang' });
    const controller = new AbortController();
    const sending = deliveryFailure(sendOne(destination, makeDelivery(), controller.signal));
    await until(() => fake.requests.length === 1);
    controller.abort();
    const during = await sending;
    expect([during.outcome, during.message]).toEqual(['retry', 'Discord webhook "alertes": send aborted']);
  });

  it("surfaces discord.js's pre-emptive bucket limit instead of waiting", async () => {
    // Discord says the bucket is empty for 30 s. discord.js learns the bucket hash from the first
    // answer, then the state of that bucket from the second.
    const exhausted: ScriptedDiscordResponse = {
      status: 200,
      body: { id: '1', type: 0, content: '', channel_id: '2', embeds: [], attachments: [] },
      headers: { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '30', 'x-ratelimit-bucket': 'b1' },
    };
    fake.enqueue(exhausted, exhausted);
    await sendOne(destination, makeDelivery());
    await sendOne(destination, makeDelivery());
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect(error.outcome).toBe('rate-limited');
    expect(error.status).toBeUndefined();
    expect(error.message).toBe('Discord webhook "alertes": rate limit bucket exhausted (route), nothing sent');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(fake.requests).toHaveLength(2); // the third message was not sent
    expect(printed(error)).not.toContain(WEBHOOK_TOKEN);
  });

  const badSettings: { name: string; webhookUrl: string; apiBase?: string; timeoutMs?: number; timeZone?: string; message: string }[] = [
    { name: 'not a URL', webhookUrl: `x${WEBHOOK_TOKEN}`, message: 'destination "d": webhookUrl is not a URL (expected https://discord.com/api/webhooks/<id>/<token>)' },
    { name: 'not a webhook path', webhookUrl: `https://discord.com/api/channels/${WEBHOOK_ID}/messages`, message: 'destination "d": webhookUrl is not a Discord webhook URL (expected https://discord.com/api/webhooks/<id>/<token>)' },
    { name: 'plain http', webhookUrl: `http://discord.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`, message: 'destination "d": webhookUrl is not a Discord webhook URL (expected https://discord.com/api/webhooks/<id>/<token>)' },
    { name: 'http apiBase off loopback', webhookUrl: WEBHOOK_URL, apiBase: 'http://example.com/api', message: 'destination "d": apiBase must use https (http only on loopback), got "http://example.com"' },
    { name: 'bad timeout', webhookUrl: WEBHOOK_URL, timeoutMs: 0, message: 'destination "d": timeoutMs must be a positive integer, got 0' },
    { name: 'bad time zone', webhookUrl: WEBHOOK_URL, timeZone: 'Mars/Olympus', message: 'unknown time zone "Mars/Olympus" (expected an IANA name such as "Europe/Paris")' },
  ];
  it.each(badSettings)('rejects bad settings without echoing the secret: $name', ({ webhookUrl, apiBase, timeoutMs, timeZone, message }) => {
    expect(() =>
      createDiscordWebhookDestination({
        name: 'd',
        webhookUrl,
        ...(apiBase === undefined ? {} : { apiBase }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(timeZone === undefined ? {} : { timeZone }),
      }),
    ).toThrow(message);
  });

  it('posts to the webhook URL\'s own origin when it is not a Discord host (proxy, test server)', async () => {
    for (const webhookUrl of [`${fake.apiBase}/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`, `${fake.apiBase}/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}/`]) {
      const direct = createDiscordWebhookDestination({ name: 'direct', webhookUrl });
      await sendOne(direct, makeDelivery());
      await direct.close();
      expect(direct.fingerprint).toBe(destination.fingerprint);
    }
    expect(fake.requests.map((r) => r.path)).toEqual([
      `/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      `/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
    ]);
  });

  it('accepts the discordapp.com and versioned forms of the URL', () => {
    for (const url of [
      `https://discordapp.com/api/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}`,
      `https://canary.discord.com/api/v10/webhooks/${WEBHOOK_ID}/${WEBHOOK_TOKEN}/`,
    ]) {
      expect(createDiscordWebhookDestination({ name: 'd', webhookUrl: url }).fingerprint).toBe(destination.fingerprint);
    }
  });
});
