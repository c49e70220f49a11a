import type { FeedFailureKind } from './feed-failure-kind.js';

export interface FeedFetchErrorContext {
  /** The URL being requested when the fetch failed (the configured URL, or a redirect hop). */
  readonly url: string;
  readonly kind: FeedFailureKind;
  /** Final HTTP status, for `http-status` failures. */
  readonly status?: number;
  /** How long the server asked us to wait (Retry-After on 429/503), in milliseconds. */
  readonly retryAfterMs?: number;
  /** The resolved IP address that was refused, for `blocked-address` failures. */
  readonly address?: string;
}

/** Any failure of the fetch stage: the only error `fetchFeed` rejects with. */
export class FeedFetchError extends Error {
  override readonly name = 'FeedFetchError';
  readonly url: string;
  readonly kind: FeedFailureKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly address: string | undefined;

  constructor(message: string, context: FeedFetchErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.url = context.url;
    this.kind = context.kind;
    this.status = context.status;
    this.retryAfterMs = context.retryAfterMs;
    this.address = context.address;
  }
}
