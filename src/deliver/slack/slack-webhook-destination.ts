import { IncomingWebhook } from '@slack/webhook';
import type { Delivery, Destination } from '../destination.js';
import { SLACK_PACING } from '../pacer.js';
import { renderSlackMessage, type SlackRenderOptions } from '../../render/slack-message.js';
import { assertTimeZone } from '../../render/format-date.js';
import { slackWebhookFailure } from './slack-failure.js';
import { checkTimeout, isAllowedEndpoint, observingFetch, settingsError, slackFingerprint, type SeenResponse } from './slack-transport.js';

export interface SlackWebhookDestinationOptions extends SlackRenderOptions {
  readonly name: string;
  /** `https://hooks.slack.com/services/T…/B…/secret` (a secret). */
  readonly webhookUrl: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

const SERVICES_PATH = /^\/services\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

function parseWebhookUrl(name: string, webhookUrl: string): { target: string; secret: string } {
  const expected = 'expected https://hooks.slack.com/services/<team>/<hook>/<secret>';
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    throw settingsError(name, `webhookUrl is not a URL (${expected})`);
  }
  const match = SERVICES_PATH.exec(url.pathname);
  if (!isAllowedEndpoint(url) || match === null) throw settingsError(name, `webhookUrl is not a Slack incoming webhook URL (${expected})`);
  return { target: `${match[1] ?? ''}/${match[2] ?? ''}`, secret: match[3] ?? '' };
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
  const { target, secret } = parseWebhookUrl(name, webhookUrl);
  const timeoutMs = checkTimeout(name, options.timeoutMs);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  const label = `Slack webhook "${name}"`;

  return {
    name,
    type: 'slack-webhook',
    pacing: SLACK_PACING,
    fingerprint: slackFingerprint('webhook', target),
    async send(delivery: Delivery, signal?: AbortSignal): Promise<void> {
      const seen: SeenResponse = {};
      const webhook = new IncomingWebhook(webhookUrl, { timeout: timeoutMs, retryConfig: { retries: 0 }, fetch: observingFetch(signal, seen) });
      try {
        signal?.throwIfAborted();
        await webhook.send(renderSlackMessage(delivery, renderOptions));
      } catch (error) {
        throw slackWebhookFailure(error, { destination: name, label, secrets: [secret, webhookUrl], signal, timeoutMs, seen, now: Date.now() });
      }
    },
    async close(): Promise<void> {},
  };
}
