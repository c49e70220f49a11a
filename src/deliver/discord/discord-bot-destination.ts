import { REST, Routes } from 'discord.js';
import type { Delivery, Destination } from '../destination.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { DISCORD_BATCH_LIMIT, DISCORD_BOT_PACING } from './discord-limits.js';
import { renderDiscordMessage, type DiscordRenderOptions } from './render/discord-message.js';
import { discordFailure } from './discord-failure.js';
import { discordRestOptions } from './discord-rest-options.js';
import { discordFingerprint } from './discord-settings.js';
import { checkDiscordBotOptions } from './discord-checks.js';

export interface DiscordBotDestinationOptions extends DiscordRenderOptions {
  readonly name: string;
  /** Bot token (a secret), without the `Bot ` prefix. */
  readonly token: string;
  readonly channelId: string;
  /** API root instead of `https://discord.com/api` (e.g. a test server); discord.js appends `/v10`. */
  readonly apiBase?: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

/** Posts with a bot token to `POST /channels/{channel.id}/messages` through discord.js's `REST`. */
export function createDiscordBotDestination(options: DiscordBotDestinationOptions): Destination {
  // Only the presentation settings reach the renderer, never the token.
  const { name, token, channelId: _channelId, apiBase: _apiBase, timeoutMs: _timeoutMs, ...renderOptions } = options;
  const { channelId, apiBase, timeoutMs } = checkDiscordBotOptions(options);
  const rest = new REST(discordRestOptions(apiBase, timeoutMs)).setToken(token);
  const label = `Discord channel "${name}"`;

  return {
    name,
    type: 'discord-bot',
    pacing: DISCORD_BOT_PACING,
    batchLimit: DISCORD_BATCH_LIMIT,
    fingerprint: discordFingerprint('channel', channelId),
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(delivery, signal)),
    async close(): Promise<void> {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };

  async function post(delivery: Delivery, signal: AbortSignal | undefined): Promise<void> {
    const context = { destination: name, label, secrets: [token], signal, timeoutMs };
    try {
      signal?.throwIfAborted();
      const message = renderDiscordMessage(delivery, renderOptions);
      // With enforce_nonce, Discord returns the message already created with this nonce (a
      // re-send after a crash) instead of posting it twice.
      const body = delivery.idempotencyKey === undefined ? message : { ...message, nonce: delivery.idempotencyKey, enforce_nonce: true };
      await rest.post(Routes.channelMessages(channelId), { body, signal });
    } catch (error) {
      throw discordFailure(error, context);
    }
  }
}

