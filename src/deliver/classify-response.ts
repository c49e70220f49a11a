import type { DeliveryOutcome } from '../errors/delivery-error.js';

/** Wait assumed for a 429 that says nothing about how long to wait. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

export interface ResponseFacts {
  readonly status: number;
  /** The server's own wait (Discord body `retry_after`, `Retry-After` header), in ms. */
  readonly retryAfterMs?: number;
}

export type ResponseClassification =
  | { readonly outcome: 'ok' }
  | { readonly outcome: DeliveryOutcome; readonly retryAfterMs?: number };

/**
 * What an HTTP status from a chat API means for the outbox (pure):
 * - 2xx: accepted;
 * - 429: `rate-limited`, wait `retryAfterMs` (default {@link DEFAULT_RATE_LIMIT_WAIT_MS});
 * - 408 and 5xx: `retry` (transient; a server-sent wait is passed on as a hint);
 * - 401, 403: `disable`: the token is invalid or lacks access to the target, so every message
 *   would fail the same way until the configuration is fixed; retrying only adds invalid
 *   requests, which Discord punishes (Cloudflare ban after 10,000 401/403/429 in 10 minutes);
 * - 404, 410: `disable`: the webhook, channel or conversation no longer exists;
 * - any other status (400, 413, 422, 3xx...): `permanent`: this message is rejected, the next
 *   one may pass.
 */
export function classifyResponse(facts: ResponseFacts): ResponseClassification {
  const { status } = facts;
  const wait = facts.retryAfterMs !== undefined && Number.isFinite(facts.retryAfterMs) && facts.retryAfterMs >= 0
    ? Math.ceil(facts.retryAfterMs)
    : undefined;
  if (status >= 200 && status < 300) return { outcome: 'ok' };
  if (status === 429) return { outcome: 'rate-limited', retryAfterMs: wait ?? DEFAULT_RATE_LIMIT_WAIT_MS };
  if (status === 408 || (status >= 500 && status < 600)) {
    return wait === undefined ? { outcome: 'retry' } : { outcome: 'retry', retryAfterMs: wait };
  }
  if (status === 401 || status === 403 || status === 404 || status === 410) return { outcome: 'disable' };
  return { outcome: 'permanent' };
}

/**
 * A `Retry-After` header in ms: delay-seconds (`"2"`, and the `"0.25"` some APIs send) or an
 * HTTP-date relative to `nowMs`. `undefined` when absent or unreadable.
 */
export function parseRetryAfterHeader(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return secondsToMs(Number(text));
  // An HTTP-date always names its day or month ("Tue, 05 Mar 2024 13:30:05 GMT").
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Seconds (possibly fractional, as in Discord's `retry_after`) to whole ms, or `undefined` when not a usable number. */
export function secondsToMs(seconds: unknown): number | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return undefined;
  // Round to the microsecond first so that 1.1 s is 1100 ms, not 1101 (1.1 * 1000 = 1100.0000000000002).
  return Math.ceil(Math.round(seconds * 1e6) / 1e3);
}
