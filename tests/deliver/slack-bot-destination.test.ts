import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/deliver/destination.js';
import { SLACK_PACING } from '../../src/deliver/slack/slack-limits.js';
import { createSlackBotDestination } from '../../src/deliver/slack/slack-bot-destination.js';
import { renderSlackMessage } from '../../src/deliver/slack/render/slack-message.js';
import { startFakeSlack, type FakeSlack, type ScriptedSlackResponse } from '../helpers/fake-slack.js';
import { makeDelivery } from '../render/delivery-fixture.js';
import { deliveryFailure, sendOne, printed } from './delivery-failure.js';

const TOKEN = 'xoxb-1111-2222-botSecretToken';
const CHANNEL = 'C0123456789';

let fake: FakeSlack;
let destination: Destination;

beforeEach(async () => {
  fake = await startFakeSlack({ bots: [{ token: TOKEN, channels: [CHANNEL] }] });
  destination = createSlackBotDestination({ name: 'veille', token: TOKEN, channel: CHANNEL, apiBase: fake.apiBase, timeoutMs: 2000 });
});

afterEach(async () => {
  await destination.close();
  await fake.close();
});

describe('Slack bot destination', () => {
  it('calls chat.postMessage with the rendered message', async () => {
    const delivery = makeDelivery();
    await sendOne(destination, delivery);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.path).toBe('/api/chat.postMessage');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.payload).toEqual({ channel: CHANNEL, ...renderSlackMessage(delivery) });
    expect(request?.violations).toEqual([]);
  });

  it('describes itself without its secret', () => {
    expect(destination.type).toBe('slack-bot');
    expect(destination.pacing).toEqual(SLACK_PACING);
    const newToken = createSlackBotDestination({ name: 'veille', token: 'xoxb-1111-2222-rotatedToken', channel: CHANNEL, apiBase: fake.apiBase });
    const expected = createHash('sha256').update(`slack-channel:${CHANNEL}\n${createHash('sha256').update(TOKEN).digest('hex')}`).digest('hex');
    // A rotated token is a settings change: it re-enables a channel a revoked token disabled.
    expect([destination.fingerprint, newToken.fingerprint === destination.fingerprint]).toEqual([expected, false]);
    expect(JSON.stringify(destination)).not.toContain(TOKEN);
  });

  it('surfaces an HTTP 429 without waiting in the SDK, then posts once when called again', async () => {
    fake.enqueue({ status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '2' } });
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([error.outcome, error.status, error.retryAfterMs, error.message]).toEqual(['rate-limited', 429, 2000, 'Slack channel "veille": HTTP 429 rate limited']);
    expect(fake.requests).toHaveLength(1);
    await sendOne(destination, makeDelivery());
    expect(fake.requests).toHaveLength(2);
  });

  it('treats a 429 without Retry-After as rate-limited with the default wait', async () => {
    fake.enqueue({ status: 429, body: { ok: false, error: 'ratelimited' } });
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([error.outcome, error.status, error.retryAfterMs]).toEqual(['rate-limited', 429, 1000]);
  });

  const cases: { name: string; response: ScriptedSlackResponse; outcome: string; status: number | undefined; message: string }[] = [
    { name: 'ok:false ratelimited', response: { status: 200, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '5' } }, outcome: 'rate-limited', status: 200, message: 'Slack channel "veille": API error ratelimited' },
    { name: 'ok:false not_in_channel', response: { status: 200, body: { ok: false, error: 'not_in_channel' } }, outcome: 'disable', status: 200, message: 'Slack channel "veille": API error not_in_channel' },
    { name: 'ok:false account_inactive', response: { status: 200, body: { ok: false, error: 'account_inactive' } }, outcome: 'disable', status: 200, message: 'Slack channel "veille": API error account_inactive' },
    { name: 'ok:false token_revoked', response: { status: 200, body: { ok: false, error: 'token_revoked' } }, outcome: 'disable', status: 200, message: 'Slack channel "veille": API error token_revoked' },
    { name: 'ok:false msg_too_long', response: { status: 200, body: { ok: false, error: 'msg_too_long' } }, outcome: 'permanent', status: 200, message: 'Slack channel "veille": API error msg_too_long' },
    { name: 'ok:false internal_error', response: { status: 200, body: { ok: false, error: 'internal_error' } }, outcome: 'retry', status: 200, message: 'Slack channel "veille": API error internal_error' },
    { name: 'HTTP 500', response: { status: 500, body: 'oops' }, outcome: 'retry', status: 500, message: 'Slack channel "veille": HTTP 500 oops' },
    { name: 'HTTP 503', response: { status: 503, body: '<html>down</html>' }, outcome: 'retry', status: 503, message: 'Slack channel "veille": HTTP 503' },
  ];
  it.each(cases)('maps $name once, without retry', async ({ response, outcome, status, message }) => {
    fake.enqueue(response);
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect({ outcome: error.outcome, status: error.status, message: error.message }).toEqual({ outcome, status, message });
    expect(fake.requests).toHaveLength(1);
  });

  it('reads the wait of an ok:false ratelimited answer from Retry-After', async () => {
    fake.enqueue({ status: 200, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '5' } });
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect(error.retryAfterMs).toBe(5000);
  });

  it('disables on channel_not_found and invalid_auth, never showing the token', async () => {
    const lost = createSlackBotDestination({ name: 'perdu', token: TOKEN, channel: 'C0999999999', apiBase: fake.apiBase });
    const badToken = 'xoxb-9999-8888-revokedToken';
    const bad = createSlackBotDestination({ name: 'jeton', token: badToken, channel: CHANNEL, apiBase: fake.apiBase });
    const a = await deliveryFailure(sendOne(lost, makeDelivery()));
    const b = await deliveryFailure(sendOne(bad, makeDelivery()));
    expect([a.outcome, a.message]).toEqual(['disable', 'Slack channel "perdu": API error channel_not_found']);
    expect([b.outcome, b.message]).toEqual(['disable', 'Slack channel "jeton": API error invalid_auth']);
    expect(printed(a)).not.toContain(TOKEN);
    expect(printed(b)).not.toContain(badToken);
  });

  it('maps a reset connection and a timeout to retry', async () => {
    fake.enqueue({ network: 'reset' });
    const reset = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect(reset.outcome).toBe('retry');
    expect(reset.message).toMatch(/^Slack channel "veille": network error/);
    expect(printed(reset)).not.toContain(TOKEN);

    const slow = createSlackBotDestination({ name: 'lent', token: TOKEN, channel: CHANNEL, apiBase: fake.apiBase, timeoutMs: 100 });
    fake.enqueue({ network: 'hang' });
    const timeout = await deliveryFailure(sendOne(slow, makeDelivery()));
    expect([timeout.outcome, timeout.message]).toEqual(['retry', 'Slack channel "lent": no answer within 100 ms']);
    expect(fake.requests).toHaveLength(2);
  });

  it('rejects bad settings', () => {
    expect(() => createSlackBotDestination({ name: 'd', token: TOKEN, channel: 'mon canal' })).toThrow(
      'destination "d": channel must be a conversation id such as C0123456789 (or a channel name), got "mon canal"',
    );
    expect(createSlackBotDestination({ name: 'd', token: TOKEN, channel: '#général' }).type).toBe('slack-bot');
    expect(() => createSlackBotDestination({ name: 'd', token: '', channel: CHANNEL })).toThrow('destination "d": token is empty');
    expect(() => createSlackBotDestination({ name: 'd', token: TOKEN, channel: CHANNEL, apiBase: 'http://slack.example/api/' })).toThrow(
      'destination "d": apiBase must use https (http only on loopback)',
    );
  });
});
