import { WebClient } from '@slack/web-api';
import type { Delivery, Destination } from '../destination.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { SLACK_BATCH_LIMIT, SLACK_PACING } from './slack-limits.js';
import { renderSlackMessage, type SlackRenderOptions } from './render/slack-message.js';
import { slackApiFailure } from './slack-failure.js';
import { observingFetch, silentLogger, type SeenResponse } from './slack-transport.js';
import { checkSlackBotOptions, slackFingerprint } from './slack-checks.js';

export interface SlackBotDestinationOptions extends SlackRenderOptions {
  readonly name: string;
  /** Bot token `xoxb-…` (a secret). */
  readonly token: string;
  /** Conversation id (`C0123…`, preferred: it survives renames) or name the bot is a member of. */
  readonly channel: string;
  /** Web API root instead of `https://slack.com/api/` (e.g. a test server). */
  readonly apiBase?: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * `chat.postMessage` through @slack/web-api's `WebClient`: `retryConfig: { retries: 0 }` and
 * `rejectRateLimitedCalls: true`, so that neither retries nor 429 waits happen inside the SDK;
 * `ok: false` answers (HTTP 200) are classified by their error code. A client is made per send
 * so that its `fetch` can carry that send's AbortSignal and report the answer's headers.
 */
export function createSlackBotDestination(options: SlackBotDestinationOptions): Destination {
  // Only the presentation settings reach the renderer, never the token.
  const { name, token, channel, apiBase: _apiBase, timeoutMs: _timeoutMs, ...renderOptions } = options;
  const { slackApiUrl, timeoutMs } = checkSlackBotOptions(options);
  const label = `Slack channel "${name}"`;

  return {
    name,
    type: 'slack-bot',
    pacing: SLACK_PACING,
    batchLimit: SLACK_BATCH_LIMIT,
    fingerprint: slackFingerprint('channel', channel),
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(delivery, signal)),
    async close(): Promise<void> {},
  };

  async function post(delivery: Delivery, signal: AbortSignal | undefined): Promise<void> {
    const seen: SeenResponse = {};
    const client = new WebClient(token, {
      slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: timeoutMs,
      allowAbsoluteUrls: false,
      logger: silentLogger,
      fetch: observingFetch(signal, seen),
    });
    try {
      signal?.throwIfAborted();
      await client.chat.postMessage({ channel, ...renderSlackMessage(delivery, renderOptions) });
    } catch (error) {
      throw slackApiFailure(error, { destination: name, label, secrets: [token], signal, timeoutMs, seen, now: Date.now() });
    }
  }
}

