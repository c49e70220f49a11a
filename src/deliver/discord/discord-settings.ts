import { createHash } from 'node:crypto';
import { DestinationSettingsError } from '../../errors/destination-settings-error.js';
import { checkApiBase, isAllowedEndpoint } from '../endpoint.js';

/** Discord's API root; discord.js appends `/v10`. */
export const DISCORD_API_BASE = 'https://discord.com/api';

const SNOWFLAKE = /^\d{15,21}$/;

/** Settings errors name the destination but never echo a URL or token. */
function fail(destination: string, setting: string, problem: string): never {
  throw new DestinationSettingsError(destination, setting, problem);
}

/** `apiBase` without trailing slash; https, or http on loopback only (test servers). */
export function checkDiscordApiBase(destination: string, apiBase: string | undefined): string {
  return apiBase === undefined ? DISCORD_API_BASE : checkApiBase(destination, 'apiBase', apiBase);
}

export function checkSnowflake(destination: string, what: string, value: string): string {
  if (!SNOWFLAKE.test(value)) fail(destination, what, `must be a Discord id (digits), got "${value.slice(0, 30)}"`);
  return value;
}

const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com', 'ptb.discordapp.com', 'canary.discordapp.com']);
const WEBHOOK_PATH = /^(.*?)\/webhooks\/(\d{1,25})\/([\w-]+)\/?$/;

export interface DiscordWebhookTarget {
  readonly id: string;
  readonly token: string;
  /**
   * API root implied by the URL: `undefined` for Discord's own hosts (the default API root applies),
   * else the URL's origin and path before `/webhooks` (a proxy or a test server), version removed.
   */
  readonly apiBase: string | undefined;
}

/**
 * Id and token of a webhook URL: `https://discord.com/api/webhooks/{id}/{token}` (also
 * discordapp.com, ptb./canary., `/api/v10/...`), or the same path on another https host or an http
 * loopback one. The error never repeats the URL.
 */
export function parseDiscordWebhookUrl(destination: string, webhookUrl: string): DiscordWebhookTarget {
  const expected = 'expected https://discord.com/api/webhooks/<id>/<token>';
  let url: URL;
  try {
    url = new URL(webhookUrl);
  } catch {
    return fail(destination, 'webhookUrl', `is not a URL (${expected})`);
  }
  const match = WEBHOOK_PATH.exec(url.pathname);
  const secure = isAllowedEndpoint(url);
  if (!secure || match === null) return fail(destination, 'webhookUrl', `is not a Discord webhook URL (${expected})`);
  const [, prefix = '', id = '', token = ''] = match;
  const apiBase = DISCORD_HOSTS.has(url.hostname) ? undefined : `${url.origin}${prefix.replace(/\/v\d{1,2}$/, '')}`;
  return { id, token, apiBase };
}

/**
 * Stable identity of a Discord target and the credential it is reached with: a hash of the token
 * (never the token) is part of it, so a new token re-enables a destination a 401 disabled.
 */
export function discordFingerprint(kind: 'webhook' | 'channel', id: string, token: string): string {
  return createHash('sha256').update(`discord-${kind}:${id}\n${createHash('sha256').update(token).digest('hex')}`).digest('hex');
}
