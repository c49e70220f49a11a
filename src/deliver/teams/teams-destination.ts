import { parseRetryAfterHeader } from '../classify-response.js';
import type { Delivery, Destination, StoryResult } from '../destination.js';
import { sendJson, statusFailure, transportFailure } from '../http-json.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { renderTeamsMessage, type TeamsMessage, type TeamsRenderOptions } from './render/teams-card.js';
import { renderTeamsDigest } from './render/teams-digest.js';
import { renderTeamsFollowUp } from './render/teams-follow-up.js';
import { digestMessages } from '../digest-message.js';
import { checkTeamsOptions, teamsFingerprint } from './teams-checks.js';
import { TEAMS_BATCH_LIMIT, TEAMS_MAX_PAYLOAD_BYTES, TEAMS_PACING } from './teams-limits.js';

export interface TeamsDestinationOptions extends TeamsRenderOptions {
  readonly name: string;
  /** The Workflows trigger URL ("When a Teams webhook request is received"); its `sig` is a secret. */
  readonly webhookUrl: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
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
    fingerprint: teamsFingerprint(workflow),
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
