import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { chatKeys, checkOptions, checkTemplate, commonKeys } from '../kind-settings.js';
import { requestTimeoutMs } from '../request-timeout.js';
import { lazyDestination } from '../lazy-destination.js';
import type { DiscordBotDestinationOptions } from './discord-bot-destination.js';
import { checkDiscordBotOptions, checkDiscordWebhookOptions } from './discord-checks.js';
import { DISCORD_BATCH_LIMIT, DISCORD_BOT_PACING, DISCORD_WEBHOOK_PACING } from './discord-limits.js';
import { discordFingerprint } from './discord-settings.js';
import type { DiscordWebhookDestinationOptions } from './discord-webhook-destination.js';

/** YAML keys of each option, for problems found by the client's own checks. */
const FIELDS = { webhookUrl: 'webhook_url', token: 'token', channelId: 'channel_id', timeoutMs: 'timeout' };
const NOT_BOTH = 'give either webhook_url, or token with channel_id, not both';

/** `type: discord` with `webhook_url`: an incoming webhook. */
export const discordWebhookKind = defineKind({
  kind: 'discord-webhook',
  type: 'discord',
  digests: true,
  claims: (entry) => entry['webhook_url'] !== undefined,
  schema: z.strictObject({
    ...commonKeys('discord'),
    ...chatKeys,
    webhook_url: z.string(),
    token: z.never(NOT_BOTH).optional(),
    channel_id: z.never(NOT_BOTH).optional(),
  }),
  check(entry, { name, apis }) {
    const template = checkTemplate(entry.template);
    if ('problem' in template) return { problems: [template.problem] };
    const options: DiscordWebhookDestinationOptions = {
      name,
      webhookUrl: entry.webhook_url,
      timeoutMs: requestTimeoutMs(entry.timeout),
      ...(apis.discordApi === undefined ? {} : { apiBase: apis.discordApi }),
      ...template,
    };
    return checkOptions(options, checkDiscordWebhookOptions, FIELDS);
  },
  // discord.js loads on the first post (see lazy-destination.ts).
  create(options, deps) {
    const full = { ...options, timeZone: deps.timeZone };
    const { id, token, timeoutMs } = checkDiscordWebhookOptions(full);
    return lazyDestination(
      { name: options.name, type: 'discord-webhook', pacing: DISCORD_WEBHOOK_PACING, batchLimit: DISCORD_BATCH_LIMIT, fingerprint: discordFingerprint('webhook', id, token), requestTimeoutMs: timeoutMs },
      async () => (await import('./discord-webhook-destination.js')).createDiscordWebhookDestination(full),
      async () => {
        const { renderDiscordDigest } = await import('./render/discord-digest.js');
        return (digest) => renderDiscordDigest(digest, full);
      },
    );
  },
});

/** `type: discord` with `token` and `channel_id`: a bot posting to a channel. */
export const discordBotKind = defineKind({
  kind: 'discord-bot',
  type: 'discord',
  digests: true,
  claims: () => true,
  schema: z.strictObject({
    ...commonKeys('discord'),
    ...chatKeys,
    token: z.string({ error: 'expected webhook_url, or token with channel_id' }),
    channel_id: z.string({ error: 'expected webhook_url, or token with channel_id' }),
  }),
  check(entry, { name, apis }) {
    const template = checkTemplate(entry.template);
    if ('problem' in template) return { problems: [template.problem] };
    const options: DiscordBotDestinationOptions = {
      name,
      token: entry.token,
      channelId: entry.channel_id,
      timeoutMs: requestTimeoutMs(entry.timeout),
      ...(apis.discordApi === undefined ? {} : { apiBase: apis.discordApi }),
      ...template,
    };
    return checkOptions(options, checkDiscordBotOptions, FIELDS);
  },
  create(options, deps) {
    const full = { ...options, timeZone: deps.timeZone };
    const { channelId, timeoutMs } = checkDiscordBotOptions(full);
    return lazyDestination(
      { name: options.name, type: 'discord-bot', pacing: DISCORD_BOT_PACING, batchLimit: DISCORD_BATCH_LIMIT, fingerprint: discordFingerprint('channel', channelId, options.token), requestTimeoutMs: timeoutMs },
      async () => (await import('./discord-bot-destination.js')).createDiscordBotDestination(full),
      async () => {
        const { renderDiscordDigest } = await import('./render/discord-digest.js');
        return (digest) => renderDiscordDigest(digest, full);
      },
    );
  },
});
