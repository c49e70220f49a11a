import type { DestinationConfig } from '../config/config-types.js';
import { parseTemplate, type Template } from '../render/template.js';
import { createConsoleDestination } from './console/console-destination.js';
import type { Destination } from './destination.js';
import { createDiscordBotDestination } from './discord/discord-bot-destination.js';
import { createDiscordWebhookDestination } from './discord/discord-webhook-destination.js';
import { createSlackBotDestination } from './slack/slack-bot-destination.js';
import { createSlackWebhookDestination } from './slack/slack-webhook-destination.js';

export interface DestinationFactoryDeps {
  /** Where the console destination prints (stdout). */
  readonly write: (text: string) => void;
  /** Time zone for dates shown in messages. */
  readonly timeZone: string;
}

/** Builds the client for one configured destination (settings were validated at config load). */
export function createDestination(config: DestinationConfig, deps: DestinationFactoryDeps): Destination {
  if (config.type === 'console') return createConsoleDestination(config.name, deps.write);
  const template: { template?: Template } = config.template === undefined ? {} : { template: parseTemplate(config.template) };
  const common = { name: config.name, timeZone: deps.timeZone, ...template };
  switch (config.type) {
    case 'discord-webhook':
      return createDiscordWebhookDestination({ ...common, webhookUrl: config.webhookUrl, ...apiBase(config.apiBase) });
    case 'discord-bot':
      return createDiscordBotDestination({ ...common, token: config.token, channelId: config.channelId, ...apiBase(config.apiBase) });
    case 'slack-webhook':
      return createSlackWebhookDestination({ ...common, webhookUrl: config.webhookUrl });
    case 'slack-bot':
      return createSlackBotDestination({ ...common, token: config.token, channel: config.channel, ...apiBase(config.apiBase) });
  }
}

function apiBase(value: string | undefined): { apiBase?: string } {
  return value === undefined ? {} : { apiBase: value };
}
