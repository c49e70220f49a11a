import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStoryIndex } from '../../src/stories/index.js';

interface StoryLine {
  readonly story: string;
  readonly source: string;
  readonly title: string;
  readonly summary: string;
}

function readLines(url: URL): StoryLine[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as StoryLine);
}

/**
 * Feeds the lines in order through the index, as the pipeline will: the first item of a story
 * is posted (its own story), a later one attaches to the story it matches or is posted.
 */
function group(lines: readonly StoryLine[]): { posts: string[]; assigned: string[] } {
  const index = createStoryIndex();
  const posts: string[] = [];
  const assigned: string[] = [];
  lines.forEach((line, position) => {
    const at = position * 10 * 60_000;
    const item = { title: line.title, summary: line.summary, source: line.source };
    const match = index.match(item, at);
    const storyId = match?.storyId ?? `post-${position}`;
    if (match === undefined) posts.push(storyId);
    assigned.push(storyId);
    index.add(item, storyId, at);
  });
  return { posts, assigned };
}

function evaluate(name: string, lines: readonly StoryLine[]) {
  const { posts, assigned } = group(lines);
  let truePairs = 0;
  let predictedPairs = 0;
  let bothPairs = 0;
  for (let i = 0; i < lines.length; i += 1) {
    for (let j = i + 1; j < lines.length; j += 1) {
      const same = lines[i]?.story === lines[j]?.story;
      const grouped = assigned[i] === assigned[j];
      if (same) truePairs += 1;
      if (grouped) predictedPairs += 1;
      if (same && grouped) bothPairs += 1;
    }
  }
  const stories = new Set(lines.map((line) => line.story));
  const extra = lines.length - stories.size;
  const attached = lines.length - posts.length;
  const postsPerStory = [...stories].map((story) => new Set(lines.flatMap((line, at) => (line.story === story ? [assigned[at]] : []))).size);
  const storiesPerPost = posts.map((post) => new Set(lines.filter((_, at) => assigned[at] === post).map((line) => line.story)).size);
  const precision = predictedPairs === 0 ? 1 : bothPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : bothPairs / truePairs;
  process.stdout.write(
    `${name}: ${lines.length} items, ${stories.size} stories, ${posts.length} posts; ` +
      `extra coverage attached ${attached}/${extra}; pair precision ${precision.toFixed(3)}, pair recall ${recall.toFixed(3)}\n`,
  );
  return { postsPerStory, storiesPerPost, attached, extra, precision, recall };
}

const SETS = [
  { name: 'shared dev set', url: new URL('../../../shared/stories/dev-set.jsonl', import.meta.url), items: 29, stories: 17 },
  { name: 'extra set (tests/fixtures/stories)', url: new URL('../fixtures/stories/extra-set.jsonl', import.meta.url), items: 17, stories: 11 },
];

describe.each(SETS)('story grouping on the $name', ({ name, url, items, stories }) => {
  const lines = readLines(url);
  const result = evaluate(name, lines);

  it('reads the whole set', () => {
    expect(lines.length).toBe(items);
    expect(new Set(lines.map((line) => line.story)).size).toBe(stories);
  });

  it('never folds two stories into one post (pair precision 1.0)', () => {
    expect(result.storiesPerPost.every((count) => count === 1)).toBe(true);
    expect(result.precision).toBe(1);
  });

  it('gives every story exactly one top-level post', () => {
    expect(result.postsPerStory.every((count) => count === 1)).toBe(true);
  });

  it('attaches at least 90% of the extra coverage', () => {
    expect(result.attached / result.extra).toBeGreaterThanOrEqual(0.9);
  });
});
