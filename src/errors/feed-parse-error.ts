import type { FeedFailureKind } from './feed-failure-kind.js';

/** The kinds of failure the decode and parse stages can report. */
export type FeedParseFailureKind = Extract<FeedFailureKind, 'not-a-feed' | 'malformed-xml' | 'encoding'>;

export interface FeedParseErrorContext {
  readonly kind: FeedParseFailureKind;
  /** The feed URL, when the caller knows it (decode and parse work on bytes and text only). */
  readonly url?: string;
}

/** Any failure of the decode or parse stages: bytes that are not text, text that is not a feed. */
export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
  readonly kind: FeedParseFailureKind;
  readonly url: string | undefined;

  constructor(message: string, context: FeedParseErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = context.kind;
    this.url = context.url;
  }
}
