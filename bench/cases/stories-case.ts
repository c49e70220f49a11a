import { createStoryIndex, DEFAULT_STORY_WINDOW_MS, type StoryIndex, type StoryItem } from '../../src/stories/index.js';
import { articleItem, newItem } from '../corpus/story-workload.js';
import { collectGarbage } from '../support/measure.js';
import type { StoriesResult, StoriesTask } from './case-types.js';

/** Items the pipeline evicts and matches between two evictions (a cycle's worth). */
const CYCLE_ITEMS = 100;

interface Round {
  readonly fillMsPerItem: number;
  readonly msPerNewItem: number;
  readonly matchMsPerNewItem: number;
  readonly heapDeltaMiB: number;
  readonly attached: number;
  readonly windowAfter: number;
}

function runRound(task: StoriesTask, seedBase: number): Round {
  const spacing = DEFAULT_STORY_WINDOW_MS / task.window;
  collectGarbage();
  // The V8 heap and the typed arrays' storage outside it (the index keeps some of its data there).
  const memoryUsed = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const heapBefore = memoryUsed();
  const index: StoryIndex = createStoryIndex();
  const windowItems: StoryItem[] = [];
  const fillStarted = performance.now();
  for (let i = 0; i < task.window; i += 1) {
    const item = articleItem(seedBase + i);
    windowItems.push(item);
    index.add(item, `story-${i}`, i * spacing);
  }
  const fillMs = performance.now() - fillStarted;
  collectGarbage();
  const heapDeltaMiB = (memoryUsed() - heapBefore) / 1024 / 1024;

  const news = Array.from({ length: task.newItems }, (_, j) => newItem(windowItems, j, seedBase + task.window + j));
  let attached = 0;
  let matchMs = 0;
  const started = performance.now();
  for (let j = 0; j < news.length; j += 1) {
    const at = task.window * spacing + j * spacing;
    if (j % CYCLE_ITEMS === 0) index.evict(at - DEFAULT_STORY_WINDOW_MS);
    const item = news[j] as StoryItem;
    const matchStarted = performance.now();
    const match = index.match(item, at);
    matchMs += performance.now() - matchStarted;
    if (match !== undefined) attached += 1;
    index.add(item, match?.storyId ?? `new-${j}`, at);
  }
  const totalMs = performance.now() - started;
  return {
    fillMsPerItem: fillMs / task.window,
    msPerNewItem: totalMs / task.newItems,
    matchMsPerNewItem: matchMs / task.newItems,
    heapDeltaMiB,
    attached,
    windowAfter: index.size,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The story matcher (issue 14): a window of `task.window` items, then `task.newItems` new items
 * each matched against it and added (evicting past the 48-hour window every 100 items, as a cycle
 * would). A warm-up round first, then `task.rounds` rounds on fresh indexes; medians reported.
 */
export async function runStoriesCase(task: StoriesTask): Promise<StoriesResult> {
  runRound({ ...task, window: Math.min(2_000, task.window), newItems: Math.min(1_000, task.newItems) }, 5_000_000);
  const rounds = Array.from({ length: task.rounds }, (_, round) => runRound(task, 2_000_000 + round * 100_000));
  return {
    window: task.window,
    newItems: task.newItems,
    rounds: rounds.length,
    fillMsPerItem: median(rounds.map((round) => round.fillMsPerItem)),
    msPerNewItem: median(rounds.map((round) => round.msPerNewItem)),
    matchMsPerNewItem: median(rounds.map((round) => round.matchMsPerNewItem)),
    heapDeltaMiB: median(rounds.map((round) => round.heapDeltaMiB)),
    attachedShare: median(rounds.map((round) => round.attached / task.newItems)),
    windowAfter: rounds[0]?.windowAfter ?? 0,
  };
}
