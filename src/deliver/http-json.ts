import { DeliveryError } from '../errors/delivery-error.js';
import { classifyResponse } from './classify-response.js';
import { redactSecrets, safeCause } from './safe-cause.js';

/** An HTTP answer, body read as text (chat APIs answer with small JSON bodies). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

export interface JsonRequest {
  readonly method: 'POST' | 'PUT';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
}

/** Longest answer body read (an error page must not fill memory). */
const MAX_ANSWER_CHARS = 65_536;

/**
 * Sends `body` as JSON with Node's fetch (undici): no retry, no redirect followed, aborted after
 * `timeoutMs` or by `signal`. Rejects only for network failures, timeouts and aborts.
 */
export async function sendJson(url: string, request: JsonRequest): Promise<HttpAnswer> {
  const signals = [AbortSignal.timeout(request.timeoutMs), ...(request.signal === undefined ? [] : [request.signal])];
  const response = await fetch(url, {
    method: request.method,
    headers: { 'content-type': 'application/json', ...request.headers },
    body: JSON.stringify(request.body),
    redirect: 'manual',
    signal: AbortSignal.any(signals),
  });
  const text = (await response.text()).slice(0, MAX_ANSWER_CHARS);
  return { status: response.status, headers: response.headers, text };
}

export interface FailureContext {
  readonly destination: string;
  /** E.g. `Teams workflow "alerts"`: starts every message. */
  readonly label: string;
  /** Strings that must never appear in messages or causes (URL secrets, tokens). */
  readonly secrets: readonly string[];
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
}

/** A non-2xx answer as a {@link DeliveryError} ({@link classifyResponse} decides the outcome). */
export function statusFailure(ctx: FailureContext, status: number, detail: string, retryAfterMs: number | undefined): DeliveryError {
  const verdict = classifyResponse(retryAfterMs === undefined ? { status } : { status, retryAfterMs });
  const outcome = verdict.outcome === 'ok' ? 'retry' : verdict.outcome;
  const wait = 'retryAfterMs' in verdict ? verdict.retryAfterMs : undefined;
  return new DeliveryError(`${ctx.label}: HTTP ${status}${detail === '' ? '' : ` ${redactSecrets(detail, ctx.secrets)}`}`, {
    destination: ctx.destination,
    outcome,
    status,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  });
}

/** A failure before any answer (network, timeout, abort): always transient. */
export function transportFailure(error: unknown, ctx: FailureContext): DeliveryError {
  const redact = (text: string) => redactSecrets(text, ctx.secrets);
  const cause = safeCause(error, redact);
  const base = { destination: ctx.destination, outcome: 'retry' as const };
  if (ctx.signal?.aborted === true) return new DeliveryError(`${ctx.label}: send aborted`, base, { cause });
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new DeliveryError(`${ctx.label}: no answer within ${ctx.timeoutMs} ms`, base, { cause });
  }
  const code: unknown = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`${ctx.label}: network error${typeof code === 'string' ? ` ${code}` : ''}: ${redact(message)}`, base, { cause });
}
