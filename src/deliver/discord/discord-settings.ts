import { createHash } from 'node:crypto';
import { DEFAULT_DISCORD_TIMEOUT_MS, DISCORD_API_BASE } from './discord-rest-options.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const SNOWFLAKE = /^\d{15,21}$/;

/** Settings errors name the destination but never echo a URL or token. */
function fail(destination: string, reason: string): never {
  throw new Error(`destination "${destination}": ${reason}`);
}

/** `apiBase` without trailing slash; https, or http on loopback only (test servers). */
export function checkApiBase(destination: string, apiBase: string | undefined): string {
  if (apiBase === undefined) return DISCORD_API_BASE;
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    return fail(destination, `apiBase "${apiBase}" is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    fail(destination, `apiBase must use https (http only on loopback), got "${url.protocol}//${url.host}"`);
  }
  return url.href.replace(/\/+$/, '');
}

export function checkTimeout(destination: string, timeoutMs: number | undefined): number {
  const value = timeoutMs ?? DEFAULT_DISCORD_TIMEOUT_MS;
  if (!Number.isInteger(value) || value <= 0) fail(destination, `timeoutMs must be a positive integer, got ${value}`);
  return value;
}

export function checkSnowflake(destination: string, what: string, value: string): string {
  if (!SNOWFLAKE.test(value)) fail(destination, `${what} must be a Discord id (digits), got "${value.slice(0, 30)}"`);
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
    return fail(destination, `webhookUrl is not a URL (${expected})`);
  }
  const match = WEBHOOK_PATH.exec(url.pathname);
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
  if (!secure || match === null) return fail(destination, `webhookUrl is not a Discord webhook URL (${expected})`);
  const [, prefix = '', id = '', token = ''] = match;
  const apiBase = DISCORD_HOSTS.has(url.hostname) ? undefined : `${url.origin}${prefix.replace(/\/v\d{1,2}$/, '')}`;
  return { id, token, apiBase };
}

/** Stable, secret-free identity of a Discord target. */
export function discordFingerprint(kind: 'webhook' | 'channel', id: string): string {
  return createHash('sha256').update(`discord-${kind}:${id}`).digest('hex');
}
