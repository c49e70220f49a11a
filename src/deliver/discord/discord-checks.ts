import { DestinationSettingsError } from '../../errors/destination-settings-error.js';
import { assertTimeZone } from '../../render/format-date.js';
import { checkTimeoutMs } from '../request-timeout.js';
import type { DiscordBotDestinationOptions } from './discord-bot-destination.js';
import { checkDiscordApiBase, checkSnowflake, parseDiscordWebhookUrl } from './discord-settings.js';
import type { DiscordWebhookDestinationOptions } from './discord-webhook-destination.js';

// The checks of both Discord kinds, without discord.js: config validation and the kinds' create
// run them without loading the client (see lazy-destination.ts).

/**
 * The checks `createDiscordWebhookDestination` runs (config validation runs the same): webhook
 * id and token, API root, timeout, time zone. @throws DestinationSettingsError
 */
export function checkDiscordWebhookOptions(options: DiscordWebhookDestinationOptions): { id: string; token: string; apiBase: string; timeoutMs: number } {
  const target = parseDiscordWebhookUrl(options.name, options.webhookUrl);
  const timeoutMs = checkTimeoutMs(options.name, options.timeoutMs);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  return { id: target.id, token: target.token, apiBase: checkDiscordApiBase(options.name, options.apiBase ?? target.apiBase), timeoutMs };
}

/** The checks `createDiscordBotDestination` runs (config validation runs the same). @throws DestinationSettingsError */
export function checkDiscordBotOptions(options: DiscordBotDestinationOptions): { channelId: string; apiBase: string; timeoutMs: number } {
  const channelId = checkSnowflake(options.name, 'channelId', options.channelId);
  if (options.token.trim() === '') throw new DestinationSettingsError(options.name, 'token', 'is empty');
  const timeoutMs = checkTimeoutMs(options.name, options.timeoutMs);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  return { channelId, apiBase: checkDiscordApiBase(options.name, options.apiBase), timeoutMs };
}
