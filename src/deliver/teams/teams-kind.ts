import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { chatKeys, checkOptions, checkTemplate, commonKeys } from '../kind-settings.js';
import { requestTimeoutMs } from '../request-timeout.js';
import { checkTeamsOptions, createTeamsDestination, type TeamsDestinationOptions } from './teams-destination.js';

/** `type: teams` with `webhook_url`: a Teams Workflows webhook posting Adaptive Cards. */
export const teamsKind = defineKind({
  kind: 'teams',
  type: 'teams',
  digests: true,
  claims: () => true,
  schema: z.strictObject({ ...commonKeys('teams'), ...chatKeys, webhook_url: z.string() }),
  check(entry, { name }) {
    const template = checkTemplate(entry.template);
    if ('problem' in template) return { problems: [template.problem] };
    const options: TeamsDestinationOptions = { name, webhookUrl: entry.webhook_url, timeoutMs: requestTimeoutMs(entry.timeout), ...template };
    return checkOptions(options, checkTeamsOptions, { webhookUrl: 'webhook_url', timeoutMs: 'timeout' });
  },
  create: (options, deps) => createTeamsDestination({ ...options, timeZone: deps.timeZone }),
});
