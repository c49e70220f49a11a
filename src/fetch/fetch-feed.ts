import { FeedFetchError } from '../errors/feed-fetch-error.js';
import { AbortScope } from './abort-scope.js';
import { unwatchAbort, watchAbort } from './caller-abort.js';
import { defaultClassifyAddress, type AddressClass, type ClassifyAddressFn } from './address-policy.js';
import type { ConnectionPool } from './connection-pool.js';
import { fetchHop, type HopContext } from './fetch-hop.js';
import { isHttpUrl, resolveRedirect } from './redirect-target.js';
import { defaultLookup, type LookupFn } from './resolve-host.js';
import { toFeedFetchError } from './to-feed-fetch-error.js';

export { isPrivateAddress } from './is-private-address.js';
export { parseRetryAfter } from './parse-retry-after.js';
export { createConnectionPool, type ConnectionPool } from './connection-pool.js';
export type { AddressClass, ClassifyAddressFn } from './address-policy.js';
export type { LookupFn } from './resolve-host.js';

export interface FetchFeedRequest {
  /** Configured source URL (http/https). */
  readonly url: string;
  /** Validators stored from the last 200. */
  readonly etag?: string;
  readonly lastModified?: string;
  /**
   * `bodyHash` of the last body read: a 200 with the same bytes is then 'same-body', and is neither
   * decompressed nor concatenated. Without it, a compressed body is decompressed as it arrives.
   */
  readonly previousBodyHash?: string;
}

export interface FetchFeedOptions {
  /** e.g. 'veille/0.1 (+https://github.com/veille-bot/veille)'. */
  readonly userAgent: string;
  /** DNS + TCP + TLS, per hop. */
  readonly connectTimeoutMs: number;
  /** The whole fetch, all hops and the body included (slow-drip servers stop here). */
  readonly totalTimeoutMs: number;
  /** Cap on the body, counted as received and after decompression. */
  readonly maxBodyBytes: number;
  /** Redirects followed at most; one more fails with kind 'redirect'. */
  readonly maxRedirects: number;
  /** Resolver (tests); default: dns.lookup with all addresses. */
  readonly lookup?: LookupFn;
  /** Address classifier (tests); default: isPrivateAddress. */
  readonly classifyAddress?: ClassifyAddressFn;
  /** Keep-alive connections, shared by the fetches of one app (see createConnectionPool). */
  readonly connections: ConnectionPool;
  readonly signal?: AbortSignal;
  /** Clock for Retry-After HTTP-dates (tests); default: the system clock. */
  readonly now?: () => Date;
}

interface Validators {
  readonly etag?: string;
  readonly lastModified?: string;
  /** The response's `Cache-Control: max-age` in ms (0: no-cache, no-store); absent when it has none. */
  readonly maxAgeMs?: number;
}

type NotModified = Extract<FetchFeedResult, { readonly kind: 'not-modified' }>;

/** `bodyHash`: sha256 (hex) of the body as received, before any decompression. */
export type FetchFeedResult =
  | ({ readonly kind: 'not-modified'; readonly finalUrl: string } & Validators)
  | ({ readonly kind: 'same-body'; readonly finalUrl: string; readonly bodyHash: string } & Validators)
  | ({
      readonly kind: 'ok';
      readonly finalUrl: string;
      readonly status: number;
      readonly body: Buffer;
      readonly bodyHash: string;
      readonly contentType?: string;
    } & Validators);

/**
 * GET a feed: conditional request, manual redirects with an SSRF guard on every hop, keep-alive
 * connections, decompression with a size cap, connect and total timeouts. Returns the body bytes
 * (decoding is the next stage) with their hash, or 'same-body' when they hash as `previousBodyHash`.
 * Rejects only with FeedFetchError.
 */
export async function fetchFeed(request: FetchFeedRequest, options: FetchFeedOptions): Promise<FetchFeedResult> {
  let current = parseSourceUrl(request.url);
  const scope = new AbortScope();
  const { signal } = options;
  const onCallerAbort = (): void => {
    scope.abort(
      new FeedFetchError(`fetch of ${current.href} aborted by the caller`, { url: current.href, kind: 'timeout' }, {
        cause: signal?.reason,
      }),
    );
  };
  if (signal !== undefined) watchAbort(signal, onCallerAbort);
  const totalTimer = setTimeout(() => {
    scope.abort(
      new FeedFetchError(
        `total timeout: fetching ${request.url} took more than ${String(options.totalTimeoutMs)} ms (stopped at ${current.href})`,
        { url: current.href, kind: 'timeout' },
      ),
    );
  }, options.totalTimeoutMs);

  const context: HopContext = {
    userAgent: options.userAgent,
    validators: request,
    connectTimeoutMs: options.connectTimeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    previousBodyHash: request.previousBodyHash,
    lookup: options.lookup ?? defaultLookup,
    classifyAddress: options.classifyAddress ?? defaultClassifyAddress,
    connections: options.connections,
    now: options.now ?? systemNow,
    scope,
  };

  try {
    const chain: string[] = [];
    let sourceScope: AddressClass | undefined;
    for (;;) {
      chain.push(current.href);
      if (scope.reason !== undefined) throw scope.reason;
      const hop = await fetchHop({ url: current, sourceScope }, context);
      sourceScope = hop.sourceScope;
      const { outcome } = hop;
      if (outcome.kind === 'not-modified') {
        // A 304 may omit the validators: the stored ones stay valid then.
        const result: { -readonly [K in keyof NotModified]: NotModified[K] } = { kind: 'not-modified', finalUrl: current.href };
        const etag = outcome.etag ?? request.etag;
        if (etag !== undefined) result.etag = etag;
        const lastModified = outcome.lastModified ?? request.lastModified;
        if (lastModified !== undefined) result.lastModified = lastModified;
        if (outcome.maxAgeMs !== undefined) result.maxAgeMs = outcome.maxAgeMs;
        return result;
      }
      if (outcome.kind !== 'redirect') return { ...outcome, finalUrl: current.href };
      const target = resolveRedirect(outcome.location, current);
      if (!target.ok) {
        throw new FeedFetchError(`bad redirect (HTTP ${String(outcome.status)}) from ${current.href}: ${target.reason}`, {
          url: current.href,
          kind: 'redirect',
        });
      }
      if (chain.length > options.maxRedirects) {
        throw tooManyRedirects(current.href, [...chain, target.url.href], options.maxRedirects);
      }
      current = target.url;
    }
  } catch (error) {
    throw toFeedFetchError(error, current.href, scope);
  } finally {
    clearTimeout(totalTimer);
    if (signal !== undefined) unwatchAbort(signal, onCallerAbort);
  }
}

function systemNow(): Date {
  return new Date();
}

function parseSourceUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new FeedFetchError(`invalid source URL ${JSON.stringify(url)}`, { url, kind: 'connect' }, { cause: error });
  }
  if (!isHttpUrl(parsed)) {
    throw new FeedFetchError(`unsupported source URL scheme ${parsed.protocol} in ${url}`, { url, kind: 'connect' });
  }
  return parsed;
}

function tooManyRedirects(url: string, chain: readonly string[], maxRedirects: number): FeedFetchError {
  const what = new Set(chain).size === chain.length ? 'too many redirects' : 'redirect loop';
  return new FeedFetchError(`${what}: more than ${String(maxRedirects)} redirects (${chain.join(' -> ')})`, {
    url,
    kind: 'redirect',
  });
}
