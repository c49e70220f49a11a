import { articleItem, newItem, type WorkloadItem } from '../corpus/story-workload.js';
import { argument, loadStories } from './load-stories.js';

/**
 * CPU time of the story matcher per new item (the bench's stories workload), for A/B runs of two
 * builds in the same minutes: prints one JSON line.
 *
 *   node --expose-gc dist-bench/bench/stories/cpu-per-item.js [--stories=<a build's dist/stories/index.js>] [--window=10000] [--new=5000]
 */
const WINDOW_MS = 48 * 3_600_000;
const CYCLE_ITEMS = 100;
const stories = await loadStories();
const window = Number(argument('window', '10000'));
const newItems = Number(argument('new', '5000'));
const gc = (globalThis as { gc?: () => void }).gc;

function round(seedBase: number, count: number, size: number): { cpuMs: number; wallMs: number; heapMiB: number; attached: number } {
  const spacing = WINDOW_MS / size;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = stories.createStoryIndex();
  const windowItems: WorkloadItem[] = [];
  for (let i = 0; i < size; i += 1) {
    const item = articleItem(seedBase + i);
    windowItems.push(item);
    index.add(item, `story-${i}`, i * spacing);
  }
  gc?.();
  const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  const news = Array.from({ length: count }, (_, j) => newItem(windowItems, j, seedBase + size + j));
  let attached = 0;
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let j = 0; j < news.length; j += 1) {
    const at = size * spacing + j * spacing;
    if (j % CYCLE_ITEMS === 0) index.evict(at - WINDOW_MS);
    const item = news[j] as WorkloadItem;
    const match = index.match(item, at);
    if (match !== undefined) attached += 1;
    index.add(item, match?.storyId ?? `new-${j}`, at);
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000 / count, wallMs: (performance.now() - wall) / count, heapMiB, attached };
}

round(5_000_000, Math.min(1_000, newItems), Math.min(2_000, window));
const result = round(2_000_000, newItems, window);
process.stdout.write(`${JSON.stringify({ ...result, window, newItems })}\n`);
