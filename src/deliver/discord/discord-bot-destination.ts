import { REST, Routes } from 'discord.js';
import type { Destination } from '../destination.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { checkTimeoutMs } from '../request-timeout.js';
import { DestinationSettingsError } from '../../errors/destination-settings-error.js';
import { DISCORD_BATCH_LIMIT, DISCORD_BOT_PACING } from './discord-limits.js';
import { renderDiscordMessage, type DiscordRenderOptions } from './render/discord-message.js';
import { renderDiscordDigest } from './render/discord-digest.js';
import { digestMessages } from '../digest-message.js';
import { assertTimeZone } from '../../render/format-date.js';
import { discordFailure } from './discord-failure.js';
import { discordRestOptions } from './discord-rest-options.js';
import { checkDiscordApiBase, checkSnowflake, discordFingerprint } from './discord-settings.js';

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
    fingerprint: discordFingerprint('channel', channelId, token),
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(renderDiscordMessage(delivery, renderOptions), delivery.idempotencyKey, signal)),
    renderDigest: (digest) => digestMessages(name, digest, renderDiscordDigest(digest, renderOptions), (body, key, signal) => post(body, key, signal)),
    async close(): Promise<void> {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    },
  };

  async function post(message: object, idempotencyKey: string | undefined, signal: AbortSignal | undefined): Promise<void> {
    const context = { destination: name, label, secrets: [token], signal, timeoutMs };
    try {
      signal?.throwIfAborted();
      // With enforce_nonce, Discord returns the message already created with this nonce (a
      // re-send after a crash) instead of posting it twice.
      const body = idempotencyKey === undefined ? message : { ...message, nonce: idempotencyKey, enforce_nonce: true };
      await rest.post(Routes.channelMessages(channelId), { body, signal });
    } catch (error) {
      throw discordFailure(error, context);
    }
  }
}

/** The checks `createDiscordBotDestination` runs (config validation runs the same). @throws DestinationSettingsError */
export function checkDiscordBotOptions(options: DiscordBotDestinationOptions): { channelId: string; apiBase: string; timeoutMs: number } {
  const channelId = checkSnowflake(options.name, 'channelId', options.channelId);
  if (options.token.trim() === '') throw new DestinationSettingsError(options.name, 'token', 'is empty');
  const timeoutMs = checkTimeoutMs(options.name, options.timeoutMs);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  return { channelId, apiBase: checkDiscordApiBase(options.name, options.apiBase), timeoutMs };
}
