import type { IncomingMessage } from 'node:http';
import { FeedFetchError } from '../errors/feed-fetch-error.js';
import { findUnsupportedCoding, parseContentEncoding } from './content-decoders.js';
import { parseCacheControlMaxAge } from './parse-cache-control.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { readBody } from './read-body.js';
import { isRedirectStatus } from './redirect-target.js';

interface Validators {
  readonly etag?: string;
  readonly lastModified?: string;
  /** `Cache-Control: max-age` in ms (see parseCacheControlMaxAge). */
  readonly maxAgeMs?: number;
}

/** What one hop's response means for the fetch. `bodyHash`: sha256 (hex) of the body as received. */
export type HopOutcome =
  | { readonly kind: 'redirect'; readonly status: number; readonly location: string | undefined }
  | ({ readonly kind: 'not-modified' } & Validators)
  | ({ readonly kind: 'same-body'; readonly bodyHash: string } & Validators)
  | ({
      readonly kind: 'ok';
      readonly status: number;
      readonly body: Buffer;
      readonly bodyHash: string;
      readonly contentType?: string;
    } & Validators);

export interface ReadResponseContext {
  readonly url: string;
  readonly maxBodyBytes: number;
  /** sha256 (hex) of the body received last time: the same bytes are reported as 'same-body', undecoded. */
  readonly previousBodyHash: string | undefined;
  readonly now: () => Date;
}

/** Statuses whose Retry-After tells the scheduler when to come back. */
const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

/**
 * Classify a response and, for a 2xx, read its body with the size cap applied to an uncompressed
 * Content-Length up front, and to the bytes received and decoded as they stream in. The body of
 * any other response is discarded.
 */
export async function readResponse(response: IncomingMessage, context: ReadResponseContext): Promise<HopOutcome> {
  const { url, maxBodyBytes } = context;
  const status = response.statusCode ?? 0;

  if (isRedirectStatus(status)) {
    await discard(response);
    return { kind: 'redirect', status, location: response.headers.location };
  }
  if (status === 304) {
    await discard(response);
    const notModified: { kind: 'not-modified' } & { -readonly [K in keyof Validators]: Validators[K] } = { kind: 'not-modified' };
    return addValidators(notModified, response);
  }
  if (status < 200 || status > 299) {
    await discard(response);
    throw httpStatusError(response, status, context);
  }

  const codings = parseContentEncoding(response.headers['content-encoding']);
  const declaredLength = Number(response.headers['content-length']);
  if (codings.length === 0 && Number.isFinite(declaredLength) && declaredLength > maxBodyBytes) {
    response.destroy();
    throw new FeedFetchError(
      `body of ${url} is too large: Content-Length ${String(declaredLength)} exceeds the ${String(maxBodyBytes)}-byte cap`,
      { url, kind: 'too-large' },
    );
  }
  const unsupported = findUnsupportedCoding(codings);
  if (unsupported !== undefined) {
    response.destroy();
    throw new FeedFetchError(`body of ${url} has unsupported Content-Encoding ${unsupported}`, { url, kind: 'encoding' });
  }

  const read = await readBody(response, {
    maxBytes: maxBodyBytes,
    codings,
    previousHash: context.previousBodyHash,
    tooLarge: (decoded) =>
      new FeedFetchError(
        `body of ${url} is too large: more than ${String(maxBodyBytes)} bytes${decoded ? ' after decompression' : ''}`,
        { url, kind: 'too-large' },
      ),
  });
  if (read.same) return { kind: 'same-body', bodyHash: read.hash, ...validatorsOf(response) };
  const contentType = response.headers['content-type'];
  return {
    kind: 'ok',
    status,
    body: read.body,
    bodyHash: read.hash,
    ...(contentType === undefined ? {} : { contentType }),
    ...validatorsOf(response),
  };
}

/**
 * A response whose body is already all there (a 304, or a redirect or error page that came in the
 * same packets as its headers) is drained: its connection is back in the pool when this resolves,
 * and no error is built. Any other is torn down rather than read: its body could be endless.
 */
function discard(response: IncomingMessage): Promise<void> {
  if (!response.complete) {
    response.destroy();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    // `on`, not `once`: the first of these settles, the others find it settled (no wrappers made).
    const settle = (): void => resolve();
    response.on('end', settle).on('close', settle).on('error', settle);
    response.resume();
  });
}

function validatorsOf(response: IncomingMessage): Validators {
  return addValidators({}, response);
}

/** Sets the response's validators on `target` (no spread of a temporary object: this runs for every 304). */
function addValidators<T extends { -readonly [K in keyof Validators]: Validators[K] }>(target: T, response: IncomingMessage): T {
  const { headers } = response;
  const { etag } = headers;
  if (etag !== undefined) target.etag = etag;
  const lastModified = headers['last-modified'];
  if (lastModified !== undefined) target.lastModified = lastModified;
  const cacheControl = headers['cache-control'];
  const maxAgeMs = cacheControl === undefined ? undefined : parseCacheControlMaxAge(cacheControl);
  if (maxAgeMs !== undefined) target.maxAgeMs = maxAgeMs;
  return target;
}

function httpStatusError(response: IncomingMessage, status: number, context: ReadResponseContext): FeedFetchError {
  const { url } = context;
  const retryAfterMs = RETRY_AFTER_STATUSES.includes(status)
    ? parseRetryAfter(headerValue(response.headers['retry-after']), context.now())
    : undefined;
  const reason = response.statusMessage === undefined || response.statusMessage === '' ? '' : ` ${response.statusMessage}`;
  const wait = retryAfterMs === undefined ? '' : ` (retry after ${String(retryAfterMs)} ms)`;
  return new FeedFetchError(`HTTP ${String(status)}${reason} from ${url}${wait}`, {
    url,
    kind: 'http-status',
    status,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
