import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { chatKeys, checkOptions, checkTemplate, commonKeys } from '../kind-settings.js';
import { requestTimeoutMs } from '../request-timeout.js';
import { lazyDestination } from '../lazy-destination.js';
import type { SlackBotDestinationOptions } from './slack-bot-destination.js';
import { checkSlackBotOptions, checkSlackWebhookOptions, slackFingerprint } from './slack-checks.js';
import { SLACK_BATCH_LIMIT, SLACK_PACING } from './slack-limits.js';
import type { SlackWebhookDestinationOptions } from './slack-webhook-destination.js';

/** YAML keys of each option, for problems found by the client's own checks. */
const FIELDS = { webhookUrl: 'webhook_url', token: 'token', channel: 'channel', timeoutMs: 'timeout' };
const NOT_BOTH = 'give either webhook_url, or token with channel, not both';

/** `type: slack` with `webhook_url`: an incoming webhook. */
export const slackWebhookKind = defineKind({
  kind: 'slack-webhook',
  type: 'slack',
  digests: true,
  claims: (entry) => entry['webhook_url'] !== undefined,
  schema: z.strictObject({
    ...commonKeys('slack'),
    ...chatKeys,
    webhook_url: z.string(),
    token: z.never(NOT_BOTH).optional(),
    channel: z.never(NOT_BOTH).optional(),
  }),
  check(entry, { name }) {
    const template = checkTemplate(entry.template);
    if ('problem' in template) return { problems: [template.problem] };
    const options: SlackWebhookDestinationOptions = { name, webhookUrl: entry.webhook_url, timeoutMs: requestTimeoutMs(entry.timeout), ...template };
    return checkOptions(options, checkSlackWebhookOptions, FIELDS);
  },
  // Slack's SDK loads on the first post (see lazy-destination.ts).
  create(options, deps) {
    const full = { ...options, timeZone: deps.timeZone };
    const { target, secret, timeoutMs } = checkSlackWebhookOptions(full);
    return lazyDestination(
      { name: options.name, type: 'slack-webhook', pacing: SLACK_PACING, batchLimit: SLACK_BATCH_LIMIT, fingerprint: slackFingerprint('webhook', target, secret), requestTimeoutMs: timeoutMs },
      async () => (await import('./slack-webhook-destination.js')).createSlackWebhookDestination(full),
      async () => {
        const { renderSlackDigest } = await import('./render/slack-digest.js');
        return (digest) => renderSlackDigest(digest, full);
      },
    );
  },
});

/** `type: slack` with `token` and `channel`: a bot calling chat.postMessage. */
export const slackBotKind = defineKind({
  kind: 'slack-bot',
  type: 'slack',
  digests: true,
  claims: () => true,
  schema: z.strictObject({
    ...commonKeys('slack'),
    ...chatKeys,
    token: z.string({ error: 'expected webhook_url, or token with channel' }),
    channel: z.string({ error: 'expected webhook_url, or token with channel' }),
  }),
  check(entry, { name, apis }) {
    const template = checkTemplate(entry.template);
    if ('problem' in template) return { problems: [template.problem] };
    const options: SlackBotDestinationOptions = {
      name,
      token: entry.token,
      channel: entry.channel,
      timeoutMs: requestTimeoutMs(entry.timeout),
      ...(apis.slackApi === undefined ? {} : { apiBase: apis.slackApi }),
      ...template,
    };
    return checkOptions(options, checkSlackBotOptions, FIELDS);
  },
  create(options, deps) {
    const full = { ...options, timeZone: deps.timeZone };
    const { timeoutMs } = checkSlackBotOptions(full);
    return lazyDestination(
      { name: options.name, type: 'slack-bot', pacing: SLACK_PACING, batchLimit: SLACK_BATCH_LIMIT, fingerprint: slackFingerprint('channel', options.channel, options.token), requestTimeoutMs: timeoutMs },
      async () => (await import('./slack-bot-destination.js')).createSlackBotDestination(full),
      async () => {
        const { renderSlackDigest } = await import('./render/slack-digest.js');
        return (digest) => renderSlackDigest(digest, full);
      },
    );
  },
});
