import type { FetchFunction } from '@slack/web-api';
import { LogLevel, type Logger } from '@slack/web-api';

export { slackFingerprint } from './slack-checks.js';

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
