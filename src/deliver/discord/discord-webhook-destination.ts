import { makeURLSearchParams, Routes, WebhookClient } from 'discord.js';
import type { Delivery, Destination } from '../destination.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { DISCORD_BATCH_LIMIT, DISCORD_WEBHOOK_PACING } from './discord-limits.js';
import { renderDiscordMessage, type DiscordRenderOptions } from './render/discord-message.js';
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
    fingerprint: discordFingerprint('webhook', id),
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(delivery, signal)),
    async close(): Promise<void> {
      client.destroy();
    },
  };

  async function post(delivery: Delivery, signal: AbortSignal | undefined): Promise<void> {
    const context = { destination: name, label, secrets: [token], signal, timeoutMs };
    try {
      signal?.throwIfAborted();
      await client.rest.post(Routes.webhook(id, token), {
        body: renderDiscordMessage(delivery, renderOptions),
        query: makeURLSearchParams({ wait: true }),
        auth: false,
        signal,
      });
    } catch (error) {
      throw discordFailure(error, context);
    }
  }
}

