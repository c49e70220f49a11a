import { createHash } from 'node:crypto';
import { DestinationSettingsError } from '../../errors/destination-settings-error.js';
import { assertTimeZone } from '../../render/format-date.js';
import { isAllowedEndpoint, parseUrl } from '../endpoint.js';
import { checkTimeoutMs } from '../request-timeout.js';
import type { TeamsDestinationOptions } from './teams-destination.js';

// The checks of the Teams kind and its fingerprint, without its client and renderers: config
// validation and the kind's create run them without loading the client (see lazy-destination.ts).

const WORKFLOW_PATH = /\/workflows\/([\w-]+)\/triggers\/[\w-]+\/paths\/invoke\/?$/;
const EXPECTED = 'expected the HTTP POST URL of a Teams Workflows webhook trigger (https://…/workflows/<id>/triggers/manual/paths/invoke?…&sig=…)';

/**
 * The checks `createTeamsDestination` runs (config validation runs the same): a Workflows trigger
 * URL over https (http on loopback), the timeout, the time zone. @throws DestinationSettingsError
 */
export function checkTeamsOptions(options: TeamsDestinationOptions): { /** Host, workflow id and a hash of the query (never the signature itself). */ workflow: string; secrets: string[]; timeoutMs: number } {
  const url = parseUrl(options.webhookUrl);
  if (url === undefined) throw new DestinationSettingsError(options.name, 'webhookUrl', `is not a URL (${EXPECTED})`);
  const match = WORKFLOW_PATH.exec(url.pathname);
  if (!isAllowedEndpoint(url) || match === null) throw new DestinationSettingsError(options.name, 'webhookUrl', `is not a Teams workflow URL (${EXPECTED})`);
  const timeoutMs = checkTimeoutMs(options.name, options.timeoutMs);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  const sig = url.searchParams.get('sig');
  return { workflow: `${url.host}/${match[1] ?? ''}\n${createHash('sha256').update(url.search).digest('hex')}`, secrets: [options.webhookUrl, url.search, ...(sig === null || sig === '' ? [] : [sig])], timeoutMs };
}

/** The workflow and a hash of its signature: a new URL (signature regenerated) re-enables it. */
export function teamsFingerprint(workflow: string): string {
  return createHash('sha256').update(`teams-workflow:${workflow}`).digest('hex');
}
