import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { articleItem, newItem, type WorkloadItem } from '../corpus/story-workload.js';
import { argument, type StoriesModule } from './load-stories.js';

/**
 * A/B of two builds of the story matcher in one thread: both indexes filled with the same window,
 * then chunks of 100 new items (match + add, the bench's stories workload) taking turns (A B, B A,
 * ...), each chunk timed by the wall clock. Prints the median chunk (ms per new item) of each build
 * over all rounds, the first quartile and the mean. The median chunk leaves out the chunks another
 * process on the machine interrupted; `ab-workers` counts the process's CPU instead (V8's helper
 * threads included).
 *
 *   node --expose-gc dist-bench/bench/stories/ab-chunks.js --a=<main's dist/stories/index.js> [--b=<...>] [--rounds=3] [--window=10000] [--new=5000]
 */
const WINDOW_MS = 48 * 3_600_000;
const CHUNK = 100;

async function load(path: string): Promise<StoriesModule> {
  if (path === '') return import('../../src/stories/index.js');
  return (await import(pathToFileURL(resolve(path)).href)) as StoriesModule;
}

const builds = { a: await load(argument('a', '')), b: await load(argument('b', '')) };
const window = Number(argument('window', '10000'));
const newItems = Number(argument('new', '5000'));
const rounds = Number(argument('rounds', '3'));
const spacing = WINDOW_MS / window;
const gc = (globalThis as { gc?: () => void }).gc;
const times = { a: [] as number[], b: [] as number[] };
// A first round to warm both builds up, not counted.
for (let round = -1; round < rounds; round += 1) {
  const windowItems = Array.from({ length: window }, (_, i) => articleItem(2_000_000 + i));
  const news: WorkloadItem[] = Array.from({ length: newItems }, (_, j) => newItem(windowItems, j, 2_000_000 + window + j));
  const indexes = { a: builds.a.createStoryIndex(), b: builds.b.createStoryIndex() };
  for (const name of ['a', 'b'] as const) windowItems.forEach((item, i) => indexes[name].add(item, `story-${i}`, i * spacing));
  gc?.();
  for (let chunk = 0; chunk < Math.ceil(newItems / CHUNK); chunk += 1) {
    for (const name of chunk % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
      const index = indexes[name];
      const end = Math.min(newItems, (chunk + 1) * CHUNK);
      const started = performance.now();
      for (let j = chunk * CHUNK; j < end; j += 1) {
        const at = window * spacing + j * spacing;
        if (j % CHUNK === 0) index.evict(at - WINDOW_MS);
        const item = news[j] as WorkloadItem;
        index.add(item, index.match(item, at)?.storyId ?? `new-${j}`, at);
      }
      if (round >= 0) times[name].push((performance.now() - started) / (end - chunk * CHUNK));
    }
  }
}
const sorted = (values: readonly number[]): number[] => [...values].sort((x, y) => x - y);
const at = (values: readonly number[], share: number): number => sorted(values)[Math.floor(values.length * share)] ?? 0;
const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
const show = (name: 'a' | 'b'): string =>
  `${name}: median chunk ${at(times[name], 0.5).toFixed(4)} ms, first quartile ${at(times[name], 0.25).toFixed(4)}, mean ${mean(times[name]).toFixed(4)}`;
process.stdout.write(
  `${show('a')}\n${show('b')}\nb/a ${(at(times.b, 0.5) / at(times.a, 0.5)).toFixed(3)} (first quartiles ${(at(times.b, 0.25) / at(times.a, 0.25)).toFixed(3)})  load ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}\n`,
);
