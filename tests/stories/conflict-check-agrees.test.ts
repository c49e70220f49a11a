import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStoryIndex, type StoryItem } from '../../src/stories/index.js';

/**
 * `match` refuses most candidates with `ConflictChecker` (entry-facts.ts: the conflicts read from
 * each entry's run of term ids), `nearest` decides with `compareItems` (`conflictOf` on the
 * analyses). The two are copies of one rule: on every ordered pair of the development set and the
 * extra set, an index holding the first headline must give the same decision both ways.
 */
const sets = [new URL('../../../shared/stories/dev-set.jsonl', import.meta.url), new URL('../fixtures/stories/extra-set.jsonl', import.meta.url)];
const items: StoryItem[] = sets.flatMap((url) =>
  readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { title, summary, source } = JSON.parse(line) as { title: string; summary?: string; source?: string };
      return { title, summary: summary ?? '', ...(source === undefined ? {} : { source }) };
    }),
);

describe('the conflict check of match agrees with the decision of nearest', () => {
  it('on every ordered pair of the development and extra sets', () => {
    expect(items.length).toBe(46);
    const disagreements: string[] = [];
    let sameStory = 0;
    for (const first of items) {
      for (const second of items) {
        if (first === second) continue;
        const index = createStoryIndex();
        index.add(first, 'first', 0);
        const matched = index.match(second, 1_000) !== undefined;
        const decided = index.nearest(second, 1_000)?.explanation.decision === 'same-story';
        if (matched) sameStory += 1;
        if (matched !== decided) disagreements.push(`${first.title} / ${second.title}: match ${String(matched)}, nearest ${String(decided)}`);
      }
    }
    expect(disagreements).toEqual([]);
    // Both answers occur, so agreement is not agreement on "never".
    expect(sameStory).toBeGreaterThan(20);
  });
});
