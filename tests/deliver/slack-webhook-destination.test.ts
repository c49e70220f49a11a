import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/deliver/destination.js';
import { SLACK_PACING } from '../../src/deliver/slack/slack-limits.js';
import { createSlackWebhookDestination } from '../../src/deliver/slack/slack-webhook-destination.js';
import { renderSlackMessage } from '../../src/deliver/slack/render/slack-message.js';
import { startFakeSlack, type FakeSlack, type ScriptedSlackResponse } from '../helpers/fake-slack.js';
import { makeDelivery } from '../render/delivery-fixture.js';
import { deliveryFailure, sendOne, printed, until } from './delivery-failure.js';

const TEAM = 'T0123ABCD';
const HOOK = 'B0456EFGH';
const SECRET = 'slackWebhookSecret0123456';

let fake: FakeSlack;
let destination: Destination;

beforeEach(async () => {
  fake = await startFakeSlack({ webhooks: [{ team: TEAM, hook: HOOK, secret: SECRET }] });
  destination = createSlackWebhookDestination({ name: 'équipe', webhookUrl: fake.webhookUrl(TEAM, HOOK, SECRET), timeoutMs: 2000 });
});

afterEach(async () => {
  await destination.close();
  await fake.close();
});

describe('Slack webhook destination', () => {
  it('posts the rendered Block Kit message as JSON', async () => {
    const delivery = makeDelivery();
    await sendOne(destination, delivery);
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request?.path).toBe(`/services/${TEAM}/${HOOK}/${SECRET}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.payload).toEqual(renderSlackMessage(delivery));
    expect(request?.violations).toEqual([]);
  });

  it('describes itself without its secret', () => {
    expect(destination.type).toBe('slack-webhook');
    expect(destination.pacing).toEqual(SLACK_PACING);
    const again = createSlackWebhookDestination({ name: 'autre nom', webhookUrl: fake.webhookUrl(TEAM, HOOK, SECRET) });
    const newSecret = createSlackWebhookDestination({ name: 'équipe', webhookUrl: fake.webhookUrl(TEAM, HOOK, 'newSecret123456789') });
    const expected = createHash('sha256').update(`slack-webhook:${TEAM}/${HOOK}\n${createHash('sha256').update(SECRET).digest('hex')}`).digest('hex');
    // Same target and secret, same identity; a regenerated URL (new secret) re-enables a disabled one.
    expect([destination.fingerprint, again.fingerprint === destination.fingerprint, newSecret.fingerprint === destination.fingerprint]).toEqual([expected, true, false]);
    expect(destination.fingerprint).not.toContain(SECRET);
    expect(JSON.stringify(destination)).not.toContain(SECRET);
  });

  it('surfaces a 429 with Retry-After, then posts once when called again', async () => {
    fake.enqueue({ status: 429, body: 'rate_limited', headers: { 'retry-after': '3' } });
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect([error.outcome, error.status, error.retryAfterMs, error.destination]).toEqual(['rate-limited', 429, 3000, 'équipe']);
    expect(fake.requests).toHaveLength(1);
    await sendOne(destination, makeDelivery());
    expect(fake.requests).toHaveLength(2);
  });

  const cases: { name: string; response: ScriptedSlackResponse; outcome: string; status: number; message: string }[] = [
    { name: '500 rollup_error', response: { status: 500, body: 'rollup_error' }, outcome: 'retry', status: 500, message: 'Slack webhook "équipe": HTTP 500 rollup_error' },
    { name: '503 html page', response: { status: 503, body: '<html>down</html>' }, outcome: 'retry', status: 503, message: 'Slack webhook "équipe": HTTP 503' },
    { name: '400 invalid_payload', response: { status: 400, body: 'invalid_payload' }, outcome: 'permanent', status: 400, message: 'Slack webhook "équipe": HTTP 400 invalid_payload' },
    { name: '410 channel_is_archived', response: { status: 410, body: 'channel_is_archived' }, outcome: 'disable', status: 410, message: 'Slack webhook "équipe": HTTP 410 channel_is_archived' },
    { name: '403 action_prohibited', response: { status: 403, body: 'action_prohibited' }, outcome: 'disable', status: 403, message: 'Slack webhook "équipe": HTTP 403 action_prohibited' },
    { name: '404 user_not_found', response: { status: 404, body: 'user_not_found' }, outcome: 'disable', status: 404, message: 'Slack webhook "équipe": HTTP 404 user_not_found' },
  ];
  it.each(cases)('maps $name once, without retry', async ({ response, outcome, status, message }) => {
    fake.enqueue(response);
    const error = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect({ outcome: error.outcome, status: error.status, message: error.message }).toEqual({ outcome, status, message });
    expect(fake.requests).toHaveLength(1);
  });

  it('disables on a removed webhook (404 no_service) and a wrong secret (403 invalid_token)', async () => {
    const removed = createSlackWebhookDestination({ name: 'supprimé', webhookUrl: fake.webhookUrl(TEAM, 'B0999ZZZZ', SECRET) });
    const wrong = createSlackWebhookDestination({ name: 'faux', webhookUrl: fake.webhookUrl(TEAM, HOOK, 'wrongSecret987654') });
    const a = await deliveryFailure(sendOne(removed, makeDelivery()));
    const b = await deliveryFailure(sendOne(wrong, makeDelivery()));
    expect([a.outcome, a.status, a.message]).toEqual(['disable', 404, 'Slack webhook "supprimé": HTTP 404 no_service']);
    expect([b.outcome, b.status, b.message]).toEqual(['disable', 403, 'Slack webhook "faux": HTTP 403 invalid_token']);
    expect(printed(a)).not.toContain(SECRET);
    expect(printed(b)).not.toContain('wrongSecret987654');
  });

  it('maps a reset connection and a timeout to retry', async () => {
    fake.enqueue({ network: 'reset' });
    const reset = await deliveryFailure(sendOne(destination, makeDelivery()));
    expect(reset.outcome).toBe('retry');
    expect(reset.message).toMatch(/^Slack webhook "équipe": network error/);
    expect(printed(reset)).not.toContain(SECRET);

    const slow = createSlackWebhookDestination({ name: 'lent', webhookUrl: fake.webhookUrl(TEAM, HOOK, SECRET), timeoutMs: 100 });
    fake.enqueue({ network: 'hang' });
    const timeout = await deliveryFailure(sendOne(slow, makeDelivery()));
    expect([timeout.outcome, timeout.message]).toEqual(['retry', 'Slack webhook "lent": no answer within 100 ms']);
  });

  it('stops when the caller aborts during the request', async () => {
    fake.enqueue({ network: 'hang' });
    const controller = new AbortController();
    const sending = deliveryFailure(sendOne(destination, makeDelivery(), controller.signal));
    await until(() => fake.requests.length === 1);
    controller.abort();
    const error = await sending;
    expect([error.outcome, error.message]).toEqual(['retry', 'Slack webhook "équipe": send aborted']);
  });

  const badSettings: { name: string; webhookUrl: string; message: string }[] = [
    { name: 'not a URL', webhookUrl: `hooks/${SECRET}`, message: 'destination "d": webhookUrl is not a URL (expected https://hooks.slack.com/services/<team>/<hook>/<secret>)' },
    { name: 'not a services path', webhookUrl: `https://hooks.slack.com/triggers/${SECRET}`, message: 'destination "d": webhookUrl is not a Slack incoming webhook URL (expected https://hooks.slack.com/services/<team>/<hook>/<secret>)' },
    { name: 'plain http off loopback', webhookUrl: `http://hooks.slack.com/services/${TEAM}/${HOOK}/${SECRET}`, message: 'destination "d": webhookUrl is not a Slack incoming webhook URL (expected https://hooks.slack.com/services/<team>/<hook>/<secret>)' },
  ];
  it.each(badSettings)('rejects bad settings without echoing the secret: $name', ({ webhookUrl, message }) => {
    expect(() => createSlackWebhookDestination({ name: 'd', webhookUrl })).toThrow(message);
  });
});
