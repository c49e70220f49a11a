import { IncomingWebhook } from '@slack/webhook';
import type { Delivery, Destination, StoryResult } from '../destination.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { SLACK_BATCH_LIMIT, SLACK_PACING } from './slack-limits.js';
import { renderSlackMessage, type SlackMessage, type SlackRenderOptions } from './render/slack-message.js';
import { renderSlackDigest } from './render/slack-digest.js';
import { digestMessages } from '../digest-message.js';
import { slackWebhookFailure } from './slack-failure.js';
import { observingFetch, type SeenResponse } from './slack-transport.js';
import { checkSlackWebhookOptions, slackFingerprint } from './slack-checks.js';

export interface SlackWebhookDestinationOptions extends SlackRenderOptions {
  readonly name: string;
  /** `https://hooks.slack.com/services/T…/B…/secret` (a secret). */
  readonly webhookUrl: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}


/**
 * Posts to a Slack incoming webhook with @slack/webhook's `IncomingWebhook`: its default retry
 * policy is already `{ retries: 0 }` (set explicitly here), `timeout` aborts the request. A client is
 * made per send so that its `fetch` can carry that send's AbortSignal and report the answer's
 * `Retry-After` (the SDK's error has only status and body).
 */
export function createSlackWebhookDestination(options: SlackWebhookDestinationOptions): Destination {
  // Only the presentation settings reach the renderer, never the webhook URL.
  const { name, webhookUrl, timeoutMs: _timeoutMs, ...renderOptions } = options;
  const { target, secret, timeoutMs } = checkSlackWebhookOptions(options);
  const label = `Slack webhook "${name}"`;

  return {
    name,
    type: 'slack-webhook',
    pacing: SLACK_PACING,
    batchLimit: SLACK_BATCH_LIMIT,
    fingerprint: slackFingerprint('webhook', target, secret),
    requestTimeoutMs: timeoutMs,
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(delivery, signal)),
    renderDigest: (digest) => digestMessages(name, digest, renderSlackDigest(digest, renderOptions), (body, _key, signal) => postDigest(body, signal)),
    async close(): Promise<void> {},
  };

  /** A digest message: posted as is. */
  async function postDigest(message: SlackMessage, signal: AbortSignal | undefined): Promise<void> {
    const seen: SeenResponse = {};
    const webhook = new IncomingWebhook(webhookUrl, { timeout: timeoutMs, retryConfig: { retries: 0 }, fetch: observingFetch(signal, seen) });
    try {
      signal?.throwIfAborted();
      await webhook.send(message);
    } catch (error) {
      throw slackWebhookFailure(error, { destination: name, label, secrets: [secret, webhookUrl], signal, timeoutMs, seen, now: Date.now() });
    }
  }

  /**
   * An incoming webhook can neither thread nor edit: a story's later coverage (issue 14) is not
   * posted at all (it counts as attached to the story's first message); a first item is posted.
   */
  async function post(delivery: Delivery, signal: AbortSignal | undefined): Promise<StoryResult | void> {
    const parent = delivery.story?.parent;
    if (parent !== undefined) return { attached: true, ref: parent.ref };
    const seen: SeenResponse = {};
    const webhook = new IncomingWebhook(webhookUrl, { timeout: timeoutMs, retryConfig: { retries: 0 }, fetch: observingFetch(signal, seen) });
    try {
      signal?.throwIfAborted();
      await webhook.send(renderSlackMessage(delivery, renderOptions));
      return delivery.story === undefined ? undefined : { attached: false, ref: {} };
    } catch (error) {
      throw slackWebhookFailure(error, { destination: name, label, secrets: [secret, webhookUrl], signal, timeoutMs, seen, now: Date.now() });
    }
  }
}
