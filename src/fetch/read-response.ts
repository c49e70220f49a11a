import type { IncomingMessage } from 'node:http';
import { FeedFetchError } from '../errors/feed-fetch-error.js';
import { createContentDecoders, parseContentEncoding } from './content-decoders.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { readBody } from './read-body.js';
import { isRedirectStatus } from './redirect-target.js';

/** What one hop's response means for the fetch. */
export type HopOutcome =
  | { readonly kind: 'redirect'; readonly status: number; readonly location: string | undefined }
  | { readonly kind: 'not-modified'; readonly etag?: string; readonly lastModified?: string }
  | {
      readonly kind: 'ok';
      readonly status: number;
      readonly body: Buffer;
      readonly contentType?: string;
      readonly etag?: string;
      readonly lastModified?: string;
    };

export interface ReadResponseContext {
  readonly url: string;
  readonly maxBodyBytes: number;
  readonly signal: AbortSignal;
  readonly now: () => Date;
}

/** Statuses whose Retry-After tells the scheduler when to come back. */
const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

/**
 * Classify a response and, for a 2xx, read its body: decompressed, with the size cap applied both
 * to an uncompressed Content-Length up front and to the decoded bytes as they stream in.
 * Responses whose body is not needed are destroyed unread.
 */
export async function readResponse(response: IncomingMessage, context: ReadResponseContext): Promise<HopOutcome> {
  const { url, maxBodyBytes } = context;
  const status = response.statusCode ?? 0;
  const validators = validatorsOf(response);

  if (isRedirectStatus(status)) {
    response.destroy();
    return { kind: 'redirect', status, location: response.headers.location };
  }
  if (status === 304) {
    response.destroy();
    return { kind: 'not-modified', ...validators };
  }
  if (status < 200 || status > 299) {
    response.destroy();
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
  const decoders = createContentDecoders(codings);
  if (!decoders.ok) {
    response.destroy();
    throw new FeedFetchError(`body of ${url} has unsupported Content-Encoding ${decoders.unsupported}`, {
      url,
      kind: 'encoding',
    });
  }

  const body = await readBody(response, decoders.decoders, {
    maxBytes: maxBodyBytes,
    signal: context.signal,
    tooLarge: () =>
      new FeedFetchError(
        `body of ${url} is too large: more than ${String(maxBodyBytes)} bytes${codings.length > 0 ? ' after decompression' : ''}`,
        { url, kind: 'too-large' },
      ),
  });
  const contentType = response.headers['content-type'];
  return { kind: 'ok', status, body, ...(contentType === undefined ? {} : { contentType }), ...validators };
}

function validatorsOf(response: IncomingMessage): { etag?: string; lastModified?: string } {
  const { etag } = response.headers;
  const lastModified = response.headers['last-modified'];
  return {
    ...(etag === undefined ? {} : { etag }),
    ...(lastModified === undefined ? {} : { lastModified }),
  };
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
