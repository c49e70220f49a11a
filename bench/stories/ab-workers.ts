import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { articleItem, newItem, type WorkloadItem } from '../corpus/story-workload.js';
import { argument, type StoriesModule } from './load-stories.js';

/**
 * A/B of two builds of the story matcher, each in its own worker (its own heap), taking turns on
 * chunks of 100 new items (A, B, B, A...): both see the same load from the rest of the machine,
 * chunk by chunk. The CPU time of the process during a chunk is the worker's (the other one
 * waits). Prints CPU ms per new item (match + add, the bench's stories workload) per round and
 * the medians.
 *
 *   node --expose-gc dist-bench/bench/stories/ab-workers.js --a=<main's dist/stories/index.js> [--b=<...>] [--rounds=3] [--window=10000] [--new=5000]
 */
const WINDOW_MS = 48 * 3_600_000;
const CHUNK = 100;

interface Job {
  readonly path: string;
  readonly window: number;
  readonly newItems: number;
}

async function worker({ path, window, newItems }: Job): Promise<void> {
  const port = parentPort;
  if (port === null) return;
  const stories = (path === '' ? await import('../../src/stories/index.js') : await import(pathToFileURL(resolve(path)).href)) as StoriesModule;
  const gc = (globalThis as { gc?: () => void }).gc;
  let index = stories.createStoryIndex();
  let news: WorkloadItem[] = [];
  const spacing = WINDOW_MS / window;
  port.on('message', (message: { kind: 'fill'; seed: number } | { kind: 'chunk'; chunk: number }) => {
    if (message.kind === 'fill') {
      index = stories.createStoryIndex();
      const windowItems: WorkloadItem[] = [];
      for (let i = 0; i < window; i += 1) {
        const item = articleItem(message.seed + i);
        windowItems.push(item);
        index.add(item, `story-${i}`, i * spacing);
      }
      news = Array.from({ length: newItems }, (_, j) => newItem(windowItems, j, message.seed + window + j));
      gc?.();
    } else {
      for (let j = message.chunk * CHUNK; j < Math.min(newItems, (message.chunk + 1) * CHUNK); j += 1) {
        const at = window * spacing + j * spacing;
        if (j % CHUNK === 0) index.evict(at - WINDOW_MS);
        const item = news[j] as WorkloadItem;
        const match = index.match(item, at);
        index.add(item, match?.storyId ?? `new-${j}`, at);
      }
    }
    port.postMessage('done');
  });
  port.postMessage('ready');
}

async function main(): Promise<void> {
  const window = Number(argument('window', '10000'));
  const newItems = Number(argument('new', '5000'));
  const rounds = Number(argument('rounds', '3'));
  const start = (path: string): Promise<{ worker: Worker; send: (message: unknown) => Promise<void> }> =>
    new Promise((ready) => {
      const thread = new Worker(new URL(import.meta.url), { workerData: { path, window, newItems } satisfies Job });
      let pending: (() => void) | undefined;
      thread.on('message', (message) => {
        if (message === 'ready') ready({ worker: thread, send });
        else pending?.();
      });
      const send = (message: unknown): Promise<void> =>
        new Promise((done) => {
          pending = done;
          thread.postMessage(message);
        });
    });
  const builds = { a: await start(argument('a', '')), b: await start(argument('b', '')) };
  const times = { a: [] as number[], b: [] as number[] };
  const chunks = Math.ceil(newItems / CHUNK);
  for (let round = -1; round < rounds; round += 1) {
    const seed = round < 0 ? 5_000_000 : 2_000_000;
    await builds.a.send({ kind: 'fill', seed });
    await builds.b.send({ kind: 'fill', seed });
    const cpu = { a: 0, b: 0 };
    for (let chunk = 0; chunk < chunks; chunk += 1) {
      for (const name of chunk % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
        const before = process.cpuUsage();
        await builds[name].send({ kind: 'chunk', chunk });
        const used = process.cpuUsage(before);
        cpu[name] += (used.user + used.system) / 1000;
      }
    }
    if (round >= 0) {
      times.a.push(cpu.a / newItems);
      times.b.push(cpu.b / newItems);
    }
  }
  await builds.a.worker.terminate();
  await builds.b.worker.terminate();
  const median = (values: readonly number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  const show = (values: readonly number[]): string => values.map((value) => value.toFixed(4)).join(' ');
  process.stdout.write(
    `a: ${show(times.a)}  median ${median(times.a).toFixed(4)}\nb: ${show(times.b)}  median ${median(times.b).toFixed(4)}\n` +
      `b/a ${(median(times.b) / median(times.a)).toFixed(3)}  load ${loadavg().map((value) => value.toFixed(2)).join(' ')}\n`,
  );
}

if (isMainThread) await main();
else await worker(workerData as Job);
