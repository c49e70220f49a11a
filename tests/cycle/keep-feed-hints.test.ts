import { describe, expect, it } from 'vitest';
import { feedHintsOf, sameFeedHints } from '../../src/cycle/keep-feed-hints.js';
import { feedHintsFromColumn, feedHintsToColumn } from '../../src/store/feed-hints-column.js';
import type { FeedHints } from '../../src/store/store.js';

const VALUES = [undefined, 0, 1_000, 60_000, 3_600_000] as const;

/** Every combination of the three hints over VALUES. */
function allHints(): FeedHints[] {
  const hints: FeedHints[] = [];
  for (const ttlMs of VALUES) {
    for (const updatePeriodMs of VALUES) {
      for (const maxAgeMs of VALUES) {
        hints.push({
          ...(ttlMs === undefined ? {} : { ttlMs }),
          ...(updatePeriodMs === undefined ? {} : { updatePeriodMs }),
          ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
        });
      }
    }
  }
  return hints;
}

describe('feedHintsOf', () => {
  it('keeps the document hints and takes max-age from the response', () => {
    expect(feedHintsOf(undefined, undefined)).toEqual({});
    expect(feedHintsOf({ ttlMs: 60_000, maxAgeMs: 5_000 }, undefined)).toEqual({ ttlMs: 60_000 });
    expect(feedHintsOf({ updatePeriodMs: 3_600_000 }, 0)).toEqual({ updatePeriodMs: 3_600_000, maxAgeMs: 0 });
    expect(Object.keys(feedHintsOf({ maxAgeMs: 1, updatePeriodMs: 2, ttlMs: 3 }, 4))).toEqual(['ttlMs', 'updatePeriodMs', 'maxAgeMs']);
  });
});

describe('sameFeedHints', () => {
  it('says what comparing the JSON of the stored hints (as the store reads them back) and the new ones said', () => {
    let compared = 0;
    for (const written of [undefined, ...allHints()]) {
      const stored = written === undefined ? undefined : feedHintsFromColumn(feedHintsToColumn(written));
      for (const document of [undefined, ...allHints()]) {
        for (const maxAgeMs of VALUES) {
          const hints = feedHintsOf(document, maxAgeMs);
          expect(sameFeedHints(stored, hints)).toBe(JSON.stringify(stored ?? {}) === JSON.stringify(hints));
          compared += 1;
        }
      }
    }
    expect(compared).toBe(126 * 126 * 5);
  });
});
