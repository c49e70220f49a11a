import { WebClient, WebAPIPlatformError } from '@slack/web-api';
import type { Delivery, Destination, StoryResult } from '../destination.js';
import { renderSlackStoryUpdate } from './render/slack-story-update.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { SLACK_BATCH_LIMIT, SLACK_PACING } from './slack-limits.js';
import { renderSlackMessage, type SlackMessage, type SlackRenderOptions } from './render/slack-message.js';
import { renderSlackDigest } from './render/slack-digest.js';
import { digestMessages } from '../digest-message.js';
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
    fingerprint: slackFingerprint('channel', channel, token),
    requestTimeoutMs: timeoutMs,
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(delivery, signal)),
    renderDigest: (digest) => digestMessages(name, digest, renderSlackDigest(digest, renderOptions), (body, _key, signal) => postDigest(body, signal)),
    async close(): Promise<void> {},
  };

  /** A client for one send: its `fetch` carries that send's signal and reports the answer's status and Retry-After. */
  function webClient(signal: AbortSignal | undefined, seen: SeenResponse): WebClient {
    return new WebClient(token, {
      slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: timeoutMs,
      allowAbsoluteUrls: false,
      logger: silentLogger,
      fetch: observingFetch(signal, seen),
    });
  }

  /** A digest message: posted at the top level of the channel. */
  async function postDigest(message: SlackMessage, signal: AbortSignal | undefined): Promise<void> {
    const seen: SeenResponse = {};
    const client = webClient(signal, seen);
    try {
      signal?.throwIfAborted();
      await client.chat.postMessage({ channel, ...message });
    } catch (error) {
      throw slackApiFailure(error, { destination: name, label, secrets: [token], signal, timeoutMs, seen, now: Date.now() });
    }
  }

  /**
   * A story's later coverage (issue 14) is a reply in the thread of its first message (`thread_ts`),
   * and that message is updated (`chat.update`) with the count of other outlets. When the first
   * message is gone (`thread_not_found`, `message_not_found`), the item is posted on its own and
   * becomes the story's post. The update is best effort: the reply is what must not be lost, and a
   * failed update must not make it be sent again.
   */
  async function post(delivery: Delivery, signal: AbortSignal | undefined): Promise<StoryResult | void> {
    const seen: SeenResponse = {};
    const client = webClient(signal, seen);
    try {
      signal?.throwIfAborted();
      const parent = delivery.story?.parent;
      const parentTs = parent?.ref['ts'];
      if (parent !== undefined && parentTs !== undefined) {
        const parentChannel = parent.ref['channel'] ?? channel;
        try {
          await client.chat.postMessage({ channel: parentChannel, thread_ts: parentTs, ...renderSlackMessage(delivery, renderOptions) });
          const also = [...parent.also, { source: delivery.item.source, title: delivery.item.title }];
          await client.chat.update({ channel: parentChannel, ts: parentTs, ...renderSlackStoryUpdate({ ...parent, also }, renderOptions) }).catch(() => undefined);
          return { attached: true, ref: parent.ref };
        } catch (error) {
          if (!isGoneParent(error)) throw error;
        }
      }
      const posted = await client.chat.postMessage({ channel, ...renderSlackMessage(delivery, renderOptions) });
      if (delivery.story === undefined) return undefined;
      return typeof posted.ts === 'string' ? { attached: false, ref: { channel: typeof posted.channel === 'string' ? posted.channel : channel, ts: posted.ts } } : { attached: false };
    } catch (error) {
      throw slackApiFailure(error, { destination: name, label, secrets: [token], signal, timeoutMs, seen, now: Date.now() });
    }
  }
}

/** Slack's answer for a thread whose first message was deleted. */
function isGoneParent(error: unknown): boolean {
  if (!(error instanceof Error) || (error as Partial<WebAPIPlatformError>).code !== 'slack_webapi_platform_error') return false;
  const code = (error as WebAPIPlatformError).data.error;
  return code === 'thread_not_found' || code === 'message_not_found';
}
