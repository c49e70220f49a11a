import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { FeedFetchError } from '../../../src/errors/feed-fetch-error.js';
import { createConnectionPool, type FetchFeedOptions } from '../../../src/fetch/fetch-feed.js';

export const USER_AGENT = 'veille-test/0.1 (+https://github.com/veille-bot/veille)';

/** The keep-alive connections of the fetch tests (an app has its own). */
export const testConnections = createConnectionPool();

export function fetchOptions(overrides: Partial<FetchFeedOptions> = {}): FetchFeedOptions {
  return {
    userAgent: USER_AGENT,
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    maxBodyBytes: 1024 * 1024,
    maxRedirects: 5,
    connections: testConnections,
    ...overrides,
  };
}

/** Await a promise that must reject with a FeedFetchError, and return that error. */
export async function fetchError(promise: Promise<unknown>): Promise<FeedFetchError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(FeedFetchError);
  return error as FeedFetchError;
}

/** sha256 (hex) of bytes as sent: what fetchFeed reports as `bodyHash`. */
export function sha256(bytes: string | Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
