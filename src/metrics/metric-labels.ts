import type { SourceOutcome } from '../cycle/source-outcome.js';
import type { DeliveryOutcome } from '../errors/delivery-error.js';
import type { FeedFailureKind } from '../errors/feed-failure-kind.js';

// Records keyed by the union types: the compiler fails here when a new outcome or kind is added.
const SOURCE_STATUSES: Record<SourceOutcome['status'], true> = { read: true, 'not-modified': true, unchanged: true, failed: true, skipped: true };
const FAILURE_KINDS: Record<FeedFailureKind, true> = {
  timeout: true,
  connect: true,
  'http-status': true,
  'too-large': true,
  redirect: true,
  'blocked-address': true,
  'not-a-feed': true,
  'malformed-xml': true,
  encoding: true,
  internal: true,
};
const DELIVERY_RESULTS: Record<'delivered' | DeliveryOutcome, true> = { delivered: true, retry: true, 'rate-limited': true, permanent: true, disable: true };

/** Every label value a counter can take, so that each series exists (at 0) from the first scrape. */
export const SOURCE_STATUS_VALUES = Object.keys(SOURCE_STATUSES) as readonly SourceOutcome['status'][];
export const FAILURE_KIND_VALUES = Object.keys(FAILURE_KINDS) as readonly FeedFailureKind[];
export const DELIVERY_RESULT_VALUES = Object.keys(DELIVERY_RESULTS) as readonly ('delivered' | DeliveryOutcome)[];
