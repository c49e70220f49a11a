import { randomUUID } from 'node:crypto';
import { parseRetryAfterHeader } from '../classify-response.js';
import type { Delivery, Destination, StoryResult } from '../destination.js';
import { sendJson, statusFailure, transportFailure } from '../http-json.js';
import { sendOneByOne } from '../send-one-by-one.js';
import { checkMatrixOptions, matrixFingerprint } from './matrix-checks.js';
import { MATRIX_BATCH_LIMIT, MATRIX_PACING } from './matrix-limits.js';
import { renderMatrixMessage, type MatrixMessage, type MatrixRenderOptions } from './render/matrix-message.js';
import { renderMatrixDigest } from './render/matrix-digest.js';
import { digestMessages } from '../digest-message.js';

export interface MatrixDestinationOptions extends MatrixRenderOptions {
  readonly name: string;
  /** Client-server API root, e.g. `https://matrix.agent.tchap.gouv.fr`. */
  readonly homeserver: string;
  /** `!opaque:server` (not an alias: the send API takes room ids). */
  readonly roomId: string;
  /** The bot account's access token (a secret). */
  readonly accessToken: string;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
}

/**
 * Sends `m.notice` events with the client-server API:
 * `PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}`. The transaction id is the
 * delivery's idempotency key (one per destination and story): a homeserver answers a repeated
 * PUT with the event it already created, so a re-send after a crash posts nothing twice.
 */
export function createMatrixDestination(options: MatrixDestinationOptions): Destination {
  const { name, roomId, accessToken, homeserver: _homeserver, timeoutMs: _timeoutMs, ...renderOptions } = options;
  const { homeserver, timeoutMs } = checkMatrixOptions(options);
  const label = `Matrix room "${name}"`;
  const roomUrl = `${homeserver}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/`;

  /** PUTs one message with this transaction id (a re-send returns the event already created); the answer's body. */
  async function put(content: MatrixMessage, idempotencyKey: string | undefined, signal: AbortSignal | undefined): Promise<string> {
    const context = { destination: name, label, secrets: [accessToken], signal, timeoutMs };
    const txnId = idempotencyKey ?? randomUUID();
    let answer;
    try {
      signal?.throwIfAborted();
      answer = await sendJson(roomUrl + encodeURIComponent(txnId), {
        method: 'PUT',
        headers: { authorization: `Bearer ${accessToken}` },
        body: content,
        timeoutMs,
        signal,
      });
    } catch (error) {
      throw transportFailure(error, context);
    }
    if (answer.status >= 200 && answer.status < 300) return answer.text;
    const error = matrixError(answer.text);
    const retryAfterMs = error.retryAfterMs ?? parseRetryAfterHeader(answer.headers.get('retry-after'), Date.now());
    throw statusFailure(context, answer.status, error.detail, retryAfterMs);
  }

  /**
   * A story's later coverage (issue 14) is a reply in the thread of its first event
   * (`m.relates_to` with `rel_type: m.thread`, falling back to a plain reply for clients without
   * threads). A redacted first event still roots its thread, so nothing is posted on its own.
   */
  async function post(delivery: Delivery, signal: AbortSignal | undefined): Promise<StoryResult | void> {
    const parent = delivery.story?.parent;
    const text = await put(inThread(renderMatrixMessage(delivery, renderOptions), parent?.ref['eventId']), delivery.idempotencyKey, signal);
    if (parent?.ref['eventId'] !== undefined) return { attached: true, ref: parent.ref };
    if (delivery.story === undefined) return undefined;
    const eventId = eventIdOf(text);
    return eventId === undefined ? { attached: false } : { attached: false, ref: { eventId } };
  }

  return {
    name,
    type: 'matrix',
    pacing: MATRIX_PACING,
    batchLimit: MATRIX_BATCH_LIMIT,
    // A new token (the old one revoked) is a settings change: it re-enables a disabled destination.
    fingerprint: matrixFingerprint(homeserver, roomId, accessToken),
    requestTimeoutMs: timeoutMs,
    send: (deliveries, signal) => sendOneByOne(name, deliveries, (delivery) => post(delivery, signal)),
    // A digest message's transaction id is derived from the digest and its first story: exactly once too.
    renderDigest: (digest) => digestMessages(name, digest, renderMatrixDigest(digest, renderOptions), (content, key, signal) => put(content, key, signal).then(() => undefined)),
    async close(): Promise<void> {},
  };
}

/** `errcode: error` and `retry_after_ms` of a Matrix error body (`{ errcode, error, retry_after_ms }`). */
function matrixError(text: string): { detail: string; retryAfterMs?: number } {
  try {
    const body = JSON.parse(text) as { errcode?: unknown; error?: unknown; retry_after_ms?: unknown };
    const detail = [body.errcode, body.error].filter((part): part is string => typeof part === 'string').join(': ').slice(0, 200);
    const wait = body.retry_after_ms;
    return typeof wait === 'number' && Number.isFinite(wait) && wait >= 0 ? { detail, retryAfterMs: wait } : { detail };
  } catch {
    return { detail: '' };
  }
}

/** The message as a reply in the thread rooted at `rootEventId` (unchanged without one). */
function inThread<T extends object>(message: T, rootEventId: string | undefined): T {
  if (rootEventId === undefined) return message;
  return { ...message, 'm.relates_to': { rel_type: 'm.thread', event_id: rootEventId, is_falling_back: true, 'm.in_reply_to': { event_id: rootEventId } } };
}

function eventIdOf(text: string): string | undefined {
  try {
    const value = (JSON.parse(text) as { event_id?: unknown }).event_id;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
