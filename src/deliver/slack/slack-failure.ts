import { IncomingWebhookHTTPError, IncomingWebhookRequestError } from '@slack/webhook';
import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { redactSecrets, safeCause } from '../safe-cause.js';
import { DeliveryError, type DeliveryOutcome } from '../../errors/delivery-error.js';
import { classifyResponse, DEFAULT_RATE_LIMIT_WAIT_MS, parseRetryAfterHeader, secondsToMs } from '../classify-response.js';
import { classifySlackErrorCode, knownSlackErrorCodeOutcome } from './slack-error-code.js';
import type { SeenResponse } from './slack-transport.js';

export interface SlackFailureContext {
  readonly destination: string;
  /** E.g. `Slack webhook "alerts"`: starts every message. */
  readonly label: string;
  /** Strings that must never appear in messages or causes (webhook URL secret, token). */
  readonly secrets: readonly string[];
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
  readonly seen: SeenResponse;
  readonly now: number;
}

const PATTERNS: readonly [RegExp, string][] = [[/xox[a-z]-[\w-]+/gi, '[redacted]']];

export function redact(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets, PATTERNS);
}

function make(
  ctx: SlackFailureContext,
  detail: string,
  outcome: DeliveryOutcome,
  cause: Error,
  extra: { status?: number | undefined; retryAfterMs?: number | undefined } = {},
): DeliveryError {
  const retryAfterMs = outcome === 'rate-limited' ? (extra.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS) : extra.retryAfterMs;
  return new DeliveryError(
    `${ctx.label}: ${redact(detail, ctx.secrets)}`,
    {
      destination: ctx.destination,
      outcome,
      ...(extra.status === undefined ? {} : { status: extra.status }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
    { cause },
  );
}

function fromStatus(ctx: SlackFailureContext, status: number, detail: string, code: string | undefined, retryAfter: string | null | undefined, cause: Error): DeliveryError {
  const retryAfterMs = parseRetryAfterHeader(retryAfter, ctx.now);
  const verdict = classifyResponse(retryAfterMs === undefined ? { status } : { status, retryAfterMs });
  // A known Slack error code is more precise than the status (e.g. 404 `user_not_found`, 500 `rollup_error`).
  const byStatus: DeliveryOutcome = verdict.outcome === 'ok' ? 'retry' : verdict.outcome;
  const byCode = code === undefined || status === 429 ? undefined : knownSlackErrorCodeOutcome(code);
  const outcome = byCode ?? byStatus;
  return make(ctx, detail, outcome, cause, { status, retryAfterMs: 'retryAfterMs' in verdict ? verdict.retryAfterMs : retryAfterMs });
}

function transportFailure(ctx: SlackFailureContext, original: unknown, cause: Error): DeliveryError {
  if (ctx.signal?.aborted === true) return make(ctx, 'send aborted', 'retry', cause);
  if (original instanceof Error && (original.name === 'TimeoutError' || original.name === 'AbortError')) {
    return make(ctx, `no answer within ${ctx.timeoutMs} ms`, 'retry', cause);
  }
  const inner = original instanceof Error ? (original.cause ?? original) : original;
  const code: unknown = inner instanceof Error ? (inner as { code?: unknown }).code : undefined;
  const message = inner instanceof Error ? inner.message : String(inner);
  return make(ctx, `network error${typeof code === 'string' ? ` ${code}` : ''}: ${message}`, 'retry', cause);
}

/** The body of a webhook error when it is a Slack error code (`no_service`, `invalid_token`...). */
function bodyCode(body: string): string | undefined {
  const text = body.trim();
  return /^[a-z_]{2,64}$/.test(text) ? text : undefined;
}

/** Maps what `IncomingWebhook.send` throws to a {@link DeliveryError}. */
export function slackWebhookFailure(error: unknown, ctx: SlackFailureContext): DeliveryError {
  const cause = safeCause(error, (text) => redact(text, ctx.secrets));
  if (error instanceof IncomingWebhookHTTPError) {
    const code = bodyCode(error.body);
    const detail = `HTTP ${error.statusCode}${code === undefined ? '' : ` ${code}`}`;
    return fromStatus(ctx, error.statusCode, detail, code, ctx.seen.retryAfter, cause);
  }
  if (error instanceof IncomingWebhookRequestError) return transportFailure(ctx, error.original, cause);
  return transportFailure(ctx, error, cause);
}

/** Maps what `WebClient.chat.postMessage` throws to a {@link DeliveryError}. */
export function slackApiFailure(error: unknown, ctx: SlackFailureContext): DeliveryError {
  const cause = safeCause(error, (text) => redact(text, ctx.secrets));
  if (error instanceof WebAPIPlatformError) {
    const code = typeof error.data.error === 'string' ? error.data.error : 'unknown_error';
    const outcome = classifySlackErrorCode(code);
    const retryAfterMs = outcome === 'rate-limited' ? parseRetryAfterHeader(ctx.seen.retryAfter, ctx.now) : undefined;
    return make(ctx, `API error ${code}`, outcome, cause, { status: ctx.seen.status, retryAfterMs });
  }
  if (error instanceof WebAPIRateLimitedError) {
    return make(ctx, 'HTTP 429 rate limited', 'rate-limited', cause, { status: 429, retryAfterMs: secondsToMs(error.retryAfter) });
  }
  if (error instanceof WebAPIHTTPError) {
    const body: unknown = error.body;
    const code = typeof body === 'string' ? bodyCode(body) : undefined;
    return fromStatus(ctx, error.statusCode, `HTTP ${error.statusCode}${code === undefined ? '' : ` ${code}`}`, code, error.headers['retry-after'], cause);
  }
  if (error instanceof WebAPIRequestError) return transportFailure(ctx, error.original, cause);
  // A 429 without a usable Retry-After makes the SDK throw a plain Error.
  if (ctx.seen.status === 429) return make(ctx, 'HTTP 429 rate limited', 'rate-limited', cause, { status: 429 });
  return transportFailure(ctx, error, cause);
}
