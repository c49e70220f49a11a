import { makeURLSearchParams, Routes, WebhookClient } from 'discord.js';
import type { Delivery, Destination, StoryResult } from '../destination.js';
import { DiscordHttpFailure } from '../../errors/discord-http-failure.js';
import { renderDiscordStoryEdit } from './render/discord-story-edit.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { DISCORD_BATCH_LIMIT, DISCORD_WEBHOOK_PACING } from './discord-limits.js';
import { renderDiscordMessage, type DiscordRenderOptions } from './render/discord-message.js';
import { renderDiscordDigest } from './render/discord-digest.js';
import { digestMessages } from '../digest-message.js';
import { discordFailure } from './discord-failure.js';
import { discordRestOptions } from './discord-rest-options.js';
import { discordFingerprint } from './discord-settings.js';
import { checkDiscordWebhookOptions } from './discord-checks.js';

export interface DiscordWebhookDestinationOptions extends DiscordRenderOptions {
  readonly name: string;
  /** `https://discord.com/api/webhooks/{id}/{token}` (a secret). */
  readonly webhookUrl: string;
  /**
   * API root instead of `https://discord.com/api` (e.g. a test server); discord.js appends `/v10`.
   * Defaults to the webhook URL's own origin when that is not a Discord host.
   */
  readonly apiBase?: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Executes a Discord webhook (`POST /webhooks/{id}/{token}?wait=true`) through discord.js's
 * `WebhookClient` REST manager: `wait=true` makes Discord confirm that the message was created.
 * The rendered body is posted as is (`rest.post`) rather than through `WebhookClient.send`, which
 * rebuilds the body and takes no AbortSignal.
 */
export function createDiscordWebhookDestination(options: DiscordWebhookDestinationOptions): Destination {
  // Only the presentation settings reach the renderer, never the webhook URL.
  const { name, webhookUrl: _webhookUrl, apiBase: _apiBase, timeoutMs: _timeoutMs, ...renderOptions } = options;
  const { id, token, apiBase, timeoutMs } = checkDiscordWebhookOptions(options);
  const client = new WebhookClient({ id, token }, { rest: discordRestOptions(apiBase, timeoutMs) });
  const label = `Discord webhook "${name}"`;

  return {
    name,
    type: 'discord-webhook',
    pacing: DISCORD_WEBHOOK_PACING,
    batchLimit: DISCORD_BATCH_LIMIT,
    fingerprint: discordFingerprint('webhook', id, token),
    requestTimeoutMs: timeoutMs,
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(delivery, signal)),
    renderDigest: (digest) => digestMessages(name, digest, renderDiscordDigest(digest, renderOptions), (body, _key, signal) => postDigest(body, signal)),
    async close(): Promise<void> {
      client.destroy();
    },
  };

  /** A digest message: posted as is. */
  async function postDigest(body: object, signal: AbortSignal | undefined): Promise<void> {
    const context = { destination: name, label, secrets: [token], signal, timeoutMs };
    try {
      signal?.throwIfAborted();
      await client.rest.post(Routes.webhook(id, token), { body, query: makeURLSearchParams({ wait: true }), auth: false, signal });
    } catch (error) {
      throw discordFailure(error, context);
    }
  }

  /**
   * A story's later coverage (issue 14) edits its first message to list the outlets; when that
   * message is gone (404 Unknown Message), the item is posted on its own and becomes the story's post.
   */
  async function post(delivery: Delivery, signal: AbortSignal | undefined): Promise<StoryResult | void> {
    const context = { destination: name, label, secrets: [token], signal, timeoutMs };
    try {
      signal?.throwIfAborted();
      const parent = delivery.story?.parent;
      const messageId = parent?.ref['messageId'];
      if (parent !== undefined && messageId !== undefined) {
        const edited = { ...parent, also: [...parent.also, { source: delivery.item.source, title: delivery.item.title, ...(delivery.item.link === undefined ? {} : { link: delivery.item.link }) }] };
        try {
          await client.rest.patch(Routes.webhookMessage(id, token, messageId), { body: renderDiscordStoryEdit(edited, renderOptions), auth: false, signal });
          return { attached: true, ref: parent.ref };
        } catch (error) {
          if (!isUnknownMessage(error)) throw error;
        }
      }
      const created = (await client.rest.post(Routes.webhook(id, token), {
        body: renderDiscordMessage(delivery, renderOptions),
        query: makeURLSearchParams({ wait: true }),
        auth: false,
        signal,
      })) as { id?: unknown } | undefined;
      if (delivery.story === undefined) return undefined;
      return typeof created?.id === 'string' ? { attached: false, ref: { messageId: created.id } } : { attached: false };
    } catch (error) {
      throw discordFailure(error, context);
    }
  }
}

/** Discord's answer for a message (or a thread) that was deleted: 404 Unknown Message / Unknown Channel. */
export function isUnknownMessage(error: unknown): boolean {
  return error instanceof DiscordHttpFailure && error.status === 404 && (error.code === 10008 || error.code === 10003);
}
