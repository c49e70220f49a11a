import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { chatKeys, checkOptions, checkTemplate, commonKeys } from '../kind-settings.js';
import { requestTimeoutMs } from '../request-timeout.js';
import { lazyDestination } from '../lazy-destination.js';
import { checkTeamsOptions, teamsFingerprint } from './teams-checks.js';
import type { TeamsDestinationOptions } from './teams-destination.js';
import { TEAMS_BATCH_LIMIT, TEAMS_MAX_PAYLOAD_BYTES, TEAMS_PACING } from './teams-limits.js';

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
  // The client and its renderers load on the first post or digest (see lazy-destination.ts).
  create(options, deps) {
    const full = { ...options, timeZone: deps.timeZone };
    const { workflow, timeoutMs } = checkTeamsOptions(full);
    const { name: _name, webhookUrl: _webhookUrl, timeoutMs: _timeoutMs, ...renderOptions } = full;
    return lazyDestination(
      { name: options.name, type: 'teams', pacing: TEAMS_PACING, batchLimit: TEAMS_BATCH_LIMIT, fingerprint: teamsFingerprint(workflow), requestTimeoutMs: timeoutMs },
      async () => (await import('./teams-destination.js')).createTeamsDestination(full),
      async () => {
        const { renderTeamsDigest } = await import('./render/teams-digest.js');
        return (digest) => renderTeamsDigest(digest, { maxPayloadBytes: TEAMS_MAX_PAYLOAD_BYTES, ...renderOptions });
      },
    );
  },
});
