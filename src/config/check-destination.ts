import { TemplateError } from '../errors/template-error.js';
import { parseTemplate } from '../render/template.js';
import type { DestinationConfig } from './config-types.js';
import type { DestinationEntry } from './file-schema.js';

export interface DestinationApis {
  /** `VEILLE_DISCORD_API`: Discord API base override (proxies, tests). */
  readonly discordApi?: string;
  /** `VEILLE_SLACK_API`: Slack Web API base override. */
  readonly slackApi?: string;
}

/** Turns a validated destination entry into its runtime form, or says which field is wrong. */
export function checkDestination(
  name: string,
  entry: DestinationEntry,
  apis: DestinationApis,
): { readonly config: DestinationConfig } | { readonly field: string; readonly message: string } {
  const base = (api: string | undefined) => (api === undefined ? {} : { apiBase: api });
  const template = 'template' in entry && entry.template !== undefined ? { template: entry.template } : {};
  if (template.template !== undefined) {
    try {
      parseTemplate(template.template);
    } catch (error) {
      if (error instanceof TemplateError) return { field: 'template', message: error.message };
      throw error;
    }
  }
  switch (entry.type) {
    case 'console':
      return { config: { type: 'console', name } };
    case 'discord': {
      if (entry.webhook_url !== undefined) {
        if (entry.token !== undefined || entry.channel_id !== undefined) {
          return { field: 'webhook_url', message: 'give either webhook_url, or token with channel_id, not both' };
        }
        if (!isWebhookUrl(entry.webhook_url, /\/webhooks\/\d+\/[\w-]+\/?$/)) {
          return { field: 'webhook_url', message: 'expected a Discord webhook URL (https://discord.com/api/webhooks/ID/TOKEN)' };
        }
        return { config: { type: 'discord-webhook', name, webhookUrl: entry.webhook_url, ...base(apis.discordApi), ...template } };
      }
      if (entry.token === undefined || entry.channel_id === undefined) {
        return { field: entry.token === undefined ? 'token' : 'channel_id', message: 'expected webhook_url, or token with channel_id' };
      }
      if (!/^\d{17,20}$/.test(entry.channel_id)) {
        return { field: 'channel_id', message: 'expected a Discord channel id (17 to 20 digits)' };
      }
      return {
        config: { type: 'discord-bot', name, token: entry.token, channelId: entry.channel_id, ...base(apis.discordApi), ...template },
      };
    }
    case 'slack': {
      if (entry.webhook_url !== undefined) {
        if (entry.token !== undefined || entry.channel !== undefined) {
          return { field: 'webhook_url', message: 'give either webhook_url, or token with channel, not both' };
        }
        if (!isWebhookUrl(entry.webhook_url, /^\//)) {
          return { field: 'webhook_url', message: 'expected an https Slack incoming-webhook URL (https://hooks.slack.com/services/...)' };
        }
        return { config: { type: 'slack-webhook', name, webhookUrl: entry.webhook_url, ...template } };
      }
      if (entry.token === undefined || entry.channel === undefined) {
        return { field: entry.token === undefined ? 'token' : 'channel', message: 'expected webhook_url, or token with channel' };
      }
      return { config: { type: 'slack-bot', name, token: entry.token, channel: entry.channel, ...base(apis.slackApi), ...template } };
    }
  }
}

/** A webhook URL holds its secret: https only (plain http only to this machine, e.g. a local proxy). */
function isWebhookUrl(text: string, pathPattern: RegExp): boolean {
  try {
    const url = new URL(text);
    const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || url.hostname.startsWith('127.');
    return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && pathPattern.test(url.pathname);
  } catch {
    return false;
  }
}
