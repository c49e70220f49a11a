import { consoleKind } from './console/console-kind.js';
import type { DestinationKind } from './destination-kind.js';
import { discordBotKind, discordWebhookKind } from './discord/discord-kinds.js';
import { matrixKind } from './matrix/matrix-kind.js';
import { slackBotKind, slackWebhookKind } from './slack/slack-kinds.js';
import { teamsKind } from './teams/teams-kind.js';

/**
 * Every destination kind, one line each. For a YAML `type` with several kinds, the first that
 * claims the entry checks it (discord and slack: webhook_url first, then the bot).
 */
export const DESTINATION_KINDS: readonly DestinationKind[] = [
  consoleKind,
  discordWebhookKind,
  discordBotKind,
  slackWebhookKind,
  slackBotKind,
  teamsKind,
  matrixKind,
];
