import type { FeedHints, SourceRecord } from '../store/store.js';
import type { SourceDeps } from './run-source.js';

/**
 * What the feed says now of how often to read it: the document's hints from its last parse (a 304
 * or the same bytes repeat none), `max-age` from this response.
 */
export function feedHintsOf(document: FeedHints | undefined, maxAgeMs: number | undefined): FeedHints {
  return {
    ...(document?.ttlMs === undefined ? {} : { ttlMs: document.ttlMs }),
    ...(document?.updatePeriodMs === undefined ? {} : { updatePeriodMs: document.updatePeriodMs }),
    ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
  };
}

/** Stores the hints when they differ from the stored ones (most reads write nothing more). */
export async function keepFeedHints(name: string, record: SourceRecord | undefined, hints: FeedHints, deps: SourceDeps): Promise<void> {
  if (JSON.stringify(record?.feedHints ?? {}) === JSON.stringify(hints)) return;
  await deps.store.recordFeedHints(name, hints);
}
