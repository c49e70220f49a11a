import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStoryIndex } from '../../src/stories/index.js';

interface StoryLine {
  readonly story: string;
  readonly source: string;
  readonly title: string;
  readonly summary: string;
}

const SETS = [
  { name: 'shared dev set', url: new URL('../../../shared/stories/dev-set.jsonl', import.meta.url) },
  { name: 'extra set', url: new URL('../fixtures/stories/extra-set.jsonl', import.meta.url) },
];
const ORDERS = 40;

function readLines(url: URL): StoryLine[] {
  return readFileSync(url, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as StoryLine);
}

/** A deterministic shuffle (linear congruential generator seeded with `seed`). */
function shuffled<T>(values: readonly T[], seed: number): T[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return values.map((value) => ({ value, key: next() })).sort((a, b) => a.key - b.key).map((entry) => entry.value);
}

/**
 * In the live cycle items arrive feed by feed, in any order, and the window holds only what came
 * before: its document frequencies come from a few items. Whatever the order, no two stories may
 * share a post; most later coverage still attaches.
 */
describe('story matcher: any arrival order, the window growing from empty', () => {
  for (const set of SETS) {
    it(`${set.name}: ${ORDERS} orders (one by outlet, the others shuffled) never fold two stories`, () => {
      const lines = readLines(set.url);
      const outlets = [...new Set(lines.map((line) => line.source))];
      const orders = [outlets.flatMap((outlet) => lines.filter((line) => line.source === outlet)), ...Array.from({ length: ORDERS - 1 }, (_, seed) => shuffled(lines, seed + 1))];
      const wrongFolds: string[] = [];
      const attachedShares: number[] = [];
      for (const order of orders) {
        const index = createStoryIndex();
        const storyOfPost = new Map<string, string>();
        let attached = 0;
        const seen = new Set<string>();
        order.forEach((line, position) => {
          const item = { title: line.title, summary: line.summary, source: line.source };
          const match = index.match(item, position * 60_000);
          const storyId = match?.storyId ?? `post-${position}`;
          if (match === undefined) storyOfPost.set(storyId, line.story);
          else if (storyOfPost.get(storyId) !== line.story) wrongFolds.push(`"${line.title}" folded into a post of ${storyOfPost.get(storyId)}`);
          else attached += 1;
          seen.add(line.story);
          index.add(item, storyId, position * 60_000);
        });
        attachedShares.push(attached / (lines.length - seen.size));
      }
      const mean = attachedShares.reduce((sum, share) => sum + share, 0) / attachedShares.length;
      process.stdout.write(`${set.name}, ${ORDERS} arrival orders: wrong folds ${wrongFolds.length}; extra coverage attached: min ${Math.min(...attachedShares).toFixed(3)}, mean ${mean.toFixed(3)}\n`);
      expect(wrongFolds).toEqual([]);
      expect(Math.min(...attachedShares)).toBeGreaterThanOrEqual(0.9);
    });
  }
});
