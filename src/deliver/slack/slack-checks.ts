import { createHash } from 'node:crypto';
import { DestinationSettingsError } from '../../errors/destination-settings-error.js';
import { assertTimeZone } from '../../render/format-date.js';
import { checkApiBase, isAllowedEndpoint, parseUrl } from '../endpoint.js';
import { checkTimeoutMs } from '../request-timeout.js';
import type { SlackBotDestinationOptions } from './slack-bot-destination.js';
import type { SlackWebhookDestinationOptions } from './slack-webhook-destination.js';

// The checks of both Slack kinds and their fingerprint, without Slack's SDKs: config validation and
// the kinds' create run them without loading the clients (see lazy-destination.ts).

const SERVICES_PATH = /^\/services\/([^/]+)\/([^/]+)\/([^/]+)\/?$/;

/**
 * Stable identity of a Slack target and the credential it is reached with: a hash of the webhook's
 * secret or the bot token (never the secret itself) is part of it, so a new one re-enables a
 * destination that a revoked one disabled.
 */
export function slackFingerprint(kind: 'webhook' | 'channel', target: string, secret: string): string {
  return createHash('sha256').update(`slack-${kind}:${target}\n${createHash('sha256').update(secret).digest('hex')}`).digest('hex');
}

/**
 * The checks `createSlackWebhookDestination` runs (config validation runs the same): the URL is an
 * incoming-webhook URL, the timeout and time zone are usable. @throws DestinationSettingsError
 */
export function checkSlackWebhookOptions(options: SlackWebhookDestinationOptions): { target: string; secret: string; timeoutMs: number } {
  const expected = 'expected https://hooks.slack.com/services/<team>/<hook>/<secret>';
  const url = parseUrl(options.webhookUrl);
  if (url === undefined) throw new DestinationSettingsError(options.name, 'webhookUrl', `is not a URL (${expected})`);
  const match = SERVICES_PATH.exec(url.pathname);
  if (!isAllowedEndpoint(url) || match === null) {
    throw new DestinationSettingsError(options.name, 'webhookUrl', `is not a Slack incoming webhook URL (${expected})`);
  }
  const timeoutMs = checkTimeoutMs(options.name, options.timeoutMs);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  return { target: `${match[1] ?? ''}/${match[2] ?? ''}`, secret: match[3] ?? '', timeoutMs };
}

/** The checks `createSlackBotDestination` runs (config validation runs the same). @throws DestinationSettingsError */
export function checkSlackBotOptions(options: SlackBotDestinationOptions): { slackApiUrl: string; timeoutMs: number } {
  const { name } = options;
  if (options.token.trim() === '') throw new DestinationSettingsError(name, 'token', 'is empty');
  if (!/^\S{1,80}$/.test(options.channel)) {
    throw new DestinationSettingsError(name, 'channel', `must be a conversation id such as C0123456789 (or a channel name), got "${options.channel.slice(0, 30)}"`);
  }
  const timeoutMs = checkTimeoutMs(name, options.timeoutMs);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  const slackApiUrl = options.apiBase === undefined ? 'https://slack.com/api/' : `${checkApiBase(name, 'apiBase', options.apiBase)}/`;
  return { slackApiUrl, timeoutMs };
}
