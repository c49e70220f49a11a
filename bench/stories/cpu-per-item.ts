import { articleItem, newItem, type WorkloadItem } from '../corpus/story-workload.js';
import { readThreadCpu } from '../support/thread-cpu.js';
import { startProfiler, type ProfileSummary } from '../support/profile-summary.js';
import { argument, loadStories } from './load-stories.js';

/**
 * CPU time of the story matcher per new item (the bench's stories workload), for A/B runs of two
 * builds in the same minutes: prints one JSON line.
 *
 *   node --expose-gc dist-bench/bench/stories/cpu-per-item.js [--stories=<a build's dist/stories/index.js>] [--window=10000] [--new=5000]
 *     [--profile=<file.cpuprofile>: a CPU profile of the measured new items only]
 */
const WINDOW_MS = 48 * 3_600_000;
const CYCLE_ITEMS = 100;
const stories = await loadStories();
const window = Number(argument('window', '10000'));
const newItems = Number(argument('new', '5000'));
const gc = (globalThis as { gc?: () => void }).gc;

async function round(seedBase: number, count: number, size: number, profile = ''): Promise<{ cpuMs: number; mainThreadMs?: number; otherThreadsMs?: number; wallMs: number; heapMiB: number; attached: number; profile?: ProfileSummary }> {
  const spacing = WINDOW_MS / size;
  gc?.();
  // The V8 heap and the typed arrays' storage outside it (the index keeps some of its data there).
  const memoryUsed = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const heapBefore = memoryUsed();
  const index = stories.createStoryIndex();
  const windowItems: WorkloadItem[] = [];
  for (let i = 0; i < size; i += 1) {
    const item = articleItem(seedBase + i);
    windowItems.push(item);
    index.add(item, `story-${i}`, i * spacing);
  }
  gc?.();
  const heapMiB = (memoryUsed() - heapBefore) / 1024 / 1024;
  const news = Array.from({ length: count }, (_, j) => newItem(windowItems, j, seedBase + size + j));
  let attached = 0;
  const stop = profile === '' ? undefined : await startProfiler(profile);
  const threadsBefore = readThreadCpu();
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
  const threadsAfter = readThreadCpu();
  const threads =
    threadsBefore === undefined || threadsAfter === undefined
      ? {}
      : { mainThreadMs: (threadsAfter.mainMs - threadsBefore.mainMs) / count, otherThreadsMs: (threadsAfter.otherMs - threadsBefore.otherMs) / count };
  const wallMs = (performance.now() - wall) / count;
  const summary = await stop?.();
  return { cpuMs: (used.user + used.system) / 1000 / count, ...threads, wallMs, heapMiB, attached, ...(summary === undefined ? {} : { profile: summary }) };
}

await round(5_000_000, Math.min(1_000, newItems), Math.min(2_000, window));
const { profile, ...result } = await round(2_000_000, newItems, window, argument('profile', ''));
process.stdout.write(`${JSON.stringify({ ...result, window, newItems })}\n`);
if (profile !== undefined) process.stdout.write(`${JSON.stringify(profile, null, 1)}\n`);
