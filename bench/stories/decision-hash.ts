import { createHash, type Hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { articleItem, newItem, type WorkloadItem } from '../corpus/story-workload.js';
import { argument, loadStories, type StoriesModule } from './load-stories.js';

/**
 * Decision hash of the story matcher (issue 14's speed work must not change a decision): a hash of
 * every `match` answer and `nearest` explanation over the bench's workload (3,000 and 10,000-item
 * windows) and over the story sets fed in order, reversed, and in seeded shuffles.
 *
 *   node dist-bench/bench/stories/decision-hash.js [--stories=<a build's dist/stories/index.js>]
 *     [--dev=../shared/stories/dev-set.jsonl] [--extra=tests/fixtures/stories/extra-set.jsonl]
 */
const WINDOW_MS = 48 * 3_600_000;
const CYCLE_ITEMS = 100;

function record(hash: Hash, index: ReturnType<StoriesModule['createStoryIndex']>, item: WorkloadItem, at: number, fallback: string): string {
  const nearest = index.nearest(item, at);
  const match = index.match(item, at);
  hash.update(JSON.stringify(nearest === undefined ? null : { ...nearest, item: nearest.item.title }));
  hash.update('\u0000');
  hash.update(JSON.stringify(match ?? null));
  hash.update('\u0001');
  return match?.storyId ?? fallback;
}

function workload(stories: StoriesModule, window: number, newItems: number): { hash: string; attached: number } {
  const hash = createHash('sha256');
  const spacing = WINDOW_MS / window;
  const index = stories.createStoryIndex();
  const windowItems: WorkloadItem[] = [];
  for (let i = 0; i < window; i += 1) {
    const item = articleItem(2_000_000 + i);
    windowItems.push(item);
    index.add(item, `story-${i}`, i * spacing);
  }
  let attached = 0;
  for (let j = 0; j < newItems; j += 1) {
    const at = window * spacing + j * spacing;
    if (j % CYCLE_ITEMS === 0) hash.update(`evicted ${index.evict(at - WINDOW_MS)}`);
    const item = newItem(windowItems, j, 2_000_000 + window + j);
    const storyId = record(hash, index, item, at, `new-${j}`);
    if (storyId !== `new-${j}`) attached += 1;
    index.add(item, storyId, at);
  }
  return { hash: hash.digest('hex').slice(0, 16), attached };
}

interface Line {
  readonly title: string;
  readonly summary: string;
  readonly source: string;
}

function readLines(path: string): Line[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Line);
}

/** A seeded shuffle (mulberry32). */
function shuffled<T>(values: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function storySet(stories: StoriesModule, lines: readonly Line[]): { hash: string; attached: number } {
  const hash = createHash('sha256');
  let attached = 0;
  const orders = [lines, [...lines].reverse(), ...Array.from({ length: 100 }, (_, seed) => shuffled(lines, seed + 1))];
  for (const order of orders) {
    const index = stories.createStoryIndex();
    order.forEach((line, position) => {
      const at = position * 10 * 60_000;
      const item = { title: line.title, summary: line.summary, source: line.source };
      const storyId = record(hash, index, item, at, `post-${position}`);
      if (storyId !== `post-${position}`) attached += 1;
      index.add(item, storyId, at);
    });
    hash.update('\u0002');
  }
  return { hash: hash.digest('hex').slice(0, 16), attached };
}

const stories = await loadStories();
const parts: Record<string, { hash: string; attached: number }> = {
  dev: storySet(stories, readLines(argument('dev', '../shared/stories/dev-set.jsonl'))),
  extra: storySet(stories, readLines(argument('extra', 'tests/fixtures/stories/extra-set.jsonl'))),
  'bench-3000': workload(stories, 3_000, 2_000),
  'bench-10000': workload(stories, 10_000, 5_000),
};
const all = createHash('sha256');
for (const [name, part] of Object.entries(parts)) {
  all.update(`${name}:${part.hash}`);
  process.stdout.write(`${name.padEnd(12)} ${part.hash}  attached ${part.attached}\n`);
}
process.stdout.write(`all          ${all.digest('hex').slice(0, 16)}\n`);
