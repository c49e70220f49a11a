import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { chatKeys, checkOptions, checkTemplate, commonKeys } from '../kind-settings.js';
import { requestTimeoutMs } from '../request-timeout.js';
import { checkDiscordBotOptions, createDiscordBotDestination, type DiscordBotDestinationOptions } from './discord-bot-destination.js';
import {
  checkDiscordWebhookOptions,
  createDiscordWebhookDestination,
  type DiscordWebhookDestinationOptions,
} from './discord-webhook-destination.js';

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
  create: (options, deps) => createDiscordWebhookDestination({ ...options, timeZone: deps.timeZone }),
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
  create: (options, deps) => createDiscordBotDestination({ ...options, timeZone: deps.timeZone }),
});
