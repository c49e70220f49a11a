import { createHash } from 'node:crypto';
import { DestinationSettingsError } from '../../errors/destination-settings-error.js';
import { assertTimeZone } from '../../render/format-date.js';
import { parseRetryAfterHeader } from '../classify-response.js';
import type { Delivery, Destination, StoryResult } from '../destination.js';
import { isAllowedEndpoint, parseUrl } from '../endpoint.js';
import { sendJson, statusFailure, transportFailure } from '../http-json.js';
import { checkTimeoutMs } from '../request-timeout.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { renderTeamsMessage, type TeamsMessage, type TeamsRenderOptions } from './render/teams-card.js';
import { renderTeamsDigest } from './render/teams-digest.js';
import { renderTeamsFollowUp } from './render/teams-follow-up.js';
import { digestMessages } from '../digest-message.js';
import { TEAMS_BATCH_LIMIT, TEAMS_MAX_PAYLOAD_BYTES, TEAMS_PACING } from './teams-limits.js';

export interface TeamsDestinationOptions extends TeamsRenderOptions {
  readonly name: string;
  /** The Workflows trigger URL ("When a Teams webhook request is received"); its `sig` is a secret. */
  readonly webhookUrl: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

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

/**
 * Posts an Adaptive Card to a Microsoft Teams channel through a Workflows (Power Automate)
 * webhook: `POST` of `{ type: 'message', attachments: [card] }`, answered 202 when accepted.
 * 429 waits `Retry-After`; 401/403/404 (signature revoked, workflow deleted) disable it.
 */
export function createTeamsDestination(options: TeamsDestinationOptions): Destination {
  // Only the presentation settings reach the renderer, never the webhook URL.
  const { name, webhookUrl, timeoutMs: _timeoutMs, ...renderOptions } = options;
  const { workflow, secrets, timeoutMs } = checkTeamsOptions(options);
  const label = `Teams workflow "${name}"`;

  async function post(body: TeamsMessage, signal: AbortSignal | undefined): Promise<void> {
    const context = { destination: name, label, secrets, signal, timeoutMs };
    let answer;
    try {
      signal?.throwIfAborted();
      answer = await sendJson(webhookUrl, { method: 'POST', body, timeoutMs, signal });
    } catch (error) {
      throw transportFailure(error, context);
    }
    if (answer.status >= 200 && answer.status < 300) return;
    const retryAfterMs = parseRetryAfterHeader(answer.headers.get('retry-after'), Date.now());
    throw statusFailure(context, answer.status, errorDetail(answer.text), retryAfterMs);
  }

  /**
   * A story's later coverage (issue 14) is a compact card that names the post it follows (a
   * Workflows webhook can neither reply nor edit, and posting nothing would hide the outlet).
   */
  async function postDelivery(delivery: Delivery, signal: AbortSignal | undefined): Promise<StoryResult | void> {
    const parent = delivery.story?.parent;
    if (parent !== undefined) {
      await post(renderTeamsFollowUp(delivery, parent, renderOptions), signal);
      return { attached: true, ref: parent.ref };
    }
    await post(renderTeamsMessage(delivery, { maxPayloadBytes: TEAMS_MAX_PAYLOAD_BYTES, ...renderOptions }), signal);
    // The first post of a story: no message id comes back, but later coverage can follow it.
    return delivery.story === undefined ? undefined : { attached: false, ref: {} };
  }

  return {
    name,
    type: 'teams',
    pacing: TEAMS_PACING,
    batchLimit: TEAMS_BATCH_LIMIT,
    // The workflow and a hash of its signature: a new URL (signature regenerated) re-enables it.
    fingerprint: createHash('sha256').update(`teams-workflow:${workflow}`).digest('hex'),
    requestTimeoutMs: timeoutMs,
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => postDelivery(delivery, signal)),
    renderDigest: (digest) =>
      digestMessages(name, digest, renderTeamsDigest(digest, { maxPayloadBytes: TEAMS_MAX_PAYLOAD_BYTES, ...renderOptions }), (body, _key, signal) => post(body, signal)),
    async close(): Promise<void> {},
  };
}

/** The `error.message` (or `error.code`) of a Power Automate error body, else nothing. */
function errorDetail(text: string): string {
  try {
    const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    const detail = typeof error?.message === 'string' ? error.message : typeof error?.code === 'string' ? error.code : '';
    return detail.slice(0, 200);
  } catch {
    return '';
  }
}
