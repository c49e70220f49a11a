import type { FeedHints, SourceRecord } from '../store/store.js';
import type { SourceDeps } from './run-source.js';

type MutableHints = { -readonly [K in keyof FeedHints]: FeedHints[K] };

/**
 * What the feed says now of how often to read it: the document's hints from its last parse (a 304
 * or the same bytes repeat none), `max-age` from this response.
 */
export function feedHintsOf(document: FeedHints | undefined, maxAgeMs: number | undefined): FeedHints {
  const hints: MutableHints = {};
  if (document?.ttlMs !== undefined) hints.ttlMs = document.ttlMs;
  if (document?.updatePeriodMs !== undefined) hints.updatePeriodMs = document.updatePeriodMs;
  if (maxAgeMs !== undefined) hints.maxAgeMs = maxAgeMs;
  return hints;
}

/**
 * Whether `hints` say what the stored ones say. Both hold finite numbers under the three keys only
 * (the store reads them back so, and feedHintsOf builds them so): the same as comparing their JSON,
 * without building it.
 */
export function sameFeedHints(stored: FeedHints | undefined, hints: FeedHints): boolean {
  return stored?.ttlMs === hints.ttlMs && stored?.updatePeriodMs === hints.updatePeriodMs && stored?.maxAgeMs === hints.maxAgeMs;
}

/** Stores the hints when they differ from the stored ones (most reads write nothing more). */
export async function keepFeedHints(name: string, record: SourceRecord | undefined, hints: FeedHints, deps: SourceDeps): Promise<void> {
  if (sameFeedHints(record?.feedHints, hints)) return;
  await deps.store.recordFeedHints(name, hints);
}
