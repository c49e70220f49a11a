import { FeedFetchError } from '../errors/feed-fetch-error.js';
import type { FeedFailureKind } from '../errors/feed-failure-kind.js';
import type { AbortScope } from './abort-scope.js';

/**
 * Turn whatever a hop threw into a FeedFetchError: our own errors pass through; when the fetch was
 * aborted, the abort reason (total/connect timeout, caller abort) wins over the resulting socket
 * error; otherwise the Node error code decides the kind.
 */
export function toFeedFetchError(error: unknown, url: string, scope: AbortScope): FeedFetchError {
  if (error instanceof FeedFetchError) return error;
  if (scope.reason !== undefined) return scope.reason;
  const code = errorCode(error);
  const kind = kindOfCode(code);
  const detail = error instanceof Error ? error.message : String(error);
  const what = kind === 'encoding' ? 'cannot decode the body of' : 'cannot fetch';
  return new FeedFetchError(`${what} ${url}: ${detail}${code === undefined ? '' : ` (${code})`}`, { url, kind }, {
    cause: error,
  });
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function kindOfCode(code: string | undefined): FeedFailureKind {
  if (code === undefined) return 'connect';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'timeout';
  // zlib (Z_DATA_ERROR, Z_BUF_ERROR...) and brotli (ERR__ERROR_FORMAT_...) decoding failures.
  if (code.startsWith('Z_') || code.startsWith('ERR__ERROR_') || code.startsWith('ERR_BROTLI')) return 'encoding';
  // DNS (ENOTFOUND, EAI_AGAIN), refused, reset, unreachable, TLS/certificate, HTTP parse errors.
  return 'connect';
}
