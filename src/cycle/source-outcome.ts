import type { FeedFailureKind } from '../errors/feed-failure-kind.js';

/** What happened to one source in one cycle (plain data, summed into the cycle report). */
export type SourceOutcome =
  | { readonly status: 'skipped'; readonly until: string }
  | { readonly status: 'not-modified' }
  | { readonly status: 'unchanged' }
  | {
      readonly status: 'read';
      readonly seeding: boolean;
      readonly entries: number;
      readonly newItems: number;
      readonly matched: number;
      readonly enqueued: number;
    }
  | { readonly status: 'failed'; readonly kind: FeedFailureKind; readonly message: string };
