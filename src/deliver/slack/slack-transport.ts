import { createHash } from 'node:crypto';
import type { FetchFunction } from '@slack/web-api';
import { LogLevel, type Logger } from '@slack/web-api';

export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Settings errors name the destination but never echo a URL or token. */
export function settingsError(destination: string, reason: string): Error {
  return new Error(`destination "${destination}": ${reason}`);
}

export function checkTimeout(destination: string, timeoutMs: number | undefined): number {
  const value = timeoutMs ?? DEFAULT_SLACK_TIMEOUT_MS;
  if (!Number.isInteger(value) || value <= 0) throw settingsError(destination, `timeoutMs must be a positive integer, got ${value}`);
  return value;
}

/** https, or http on loopback only (test servers). */
export function isAllowedEndpoint(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}

export function slackFingerprint(kind: 'webhook' | 'channel', target: string): string {
  return createHash('sha256').update(`slack-${kind}:${target}`).digest('hex');
}

/** What the last HTTP answer said, for errors the Slack SDKs report without status or headers. */
export interface SeenResponse {
  status?: number;
  retryAfter?: string | null;
}

/**
 * A `fetch` for the Slack SDKs that also honours the caller's AbortSignal (the SDKs only pass their
 * own timeout signal) and remembers the status and `Retry-After` of the answer.
 */
export function observingFetch(signal: AbortSignal | undefined, seen: SeenResponse): FetchFunction {
  return async (url, init) => {
    const signals = [init?.signal, signal].filter((s): s is AbortSignal => s !== undefined);
    const combined = signals.length === 0 ? undefined : AbortSignal.any(signals);
    const response = await fetch(url, { ...init, ...(combined === undefined ? {} : { signal: combined }) });
    seen.status = response.status;
    seen.retryAfter = response.headers.get('retry-after');
    return response;
  };
}

/** The Slack SDKs log warnings to the console by default; veille logs failures itself. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
