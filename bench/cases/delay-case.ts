import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createRandom } from '../corpus/prng.js';
import type { FeedServer } from '../server/feed-server-client.js';
import { loadDefaultWatchRule, sourceName } from '../support/bench-config.js';
import { CLI_PATH } from '../support/paths.js';

export interface DelayOptions {
  readonly server: FeedServer;
  readonly sources: number;
  readonly repeats: number;
  readonly workDir: string;
  /** 6-field cron: every `scheduleSeconds` seconds. */
  readonly scheduleSeconds: number;
}

export interface DelaySample {
  readonly source: number;
  /** The feed server's clock when the item became visible. */
  readonly publishedAt: number;
  /** When its console line reached our end of the child's stdout. */
  readonly deliveredAt: number;
  readonly delayMs: number;
}

export interface DelayResult {
  readonly schedule: string;
  readonly sources: number;
  readonly samples: readonly DelaySample[];
  readonly maxMs: number;
  readonly meanMs: number;
  /** durationMs of the cycles `veille run` logged (after the first). */
  readonly cycleMs: { readonly mean: number; readonly max: number; readonly count: number };
}

/**
 * `veille run` as a real process (node dist/cli.cjs run --config DIR) on a 5-second schedule:
 * items are published on the feed server at random moments, and the delay is measured from the
 * server's publication time to the item's line on the child's stdout.
 */
export async function runDelayCase(options: DelayOptions): Promise<DelayResult> {
  const { server } = options;
  const configDir = join(options.workDir, 'config');
  await mkdir(configDir, { recursive: true });
  const schedule = `*/${options.scheduleSeconds} * * * * *`;
  const sources = Array.from({ length: options.sources }, (_, index) => ({ name: sourceName(index), url: server.feedUrl(index) }));
  await writeFile(join(configDir, 'sources.yaml'), stringify({ sources }));
  await writeFile(join(configDir, 'watches.yaml'), stringify({ watches: [{ name: 'cloud-souverain', rule: await loadDefaultWatchRule(), to: ['console'] }] }));
  await writeFile(join(configDir, 'destinations.yaml'), stringify({ destinations: { console: { type: 'console' } } }));
  await writeFile(join(configDir, 'settings.yaml'), stringify({ schedule }));

  const child = spawn(process.execPath, [CLI_PATH, 'run', '--config', configDir], {
    env: { PATH: process.env['PATH'] ?? '', VEILLE_DB: join(options.workDir, 'veille.db'), VEILLE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const cycleDurations: number[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    notify();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.includes('"cycle finished"')) continue;
      try {
        cycleDurations.push(Number((JSON.parse(line) as { durationMs?: unknown }).durationMs));
      } catch {
        // a partial line: the count below still sees the message
      }
    }
    notify();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (predicate: () => boolean, what: string, timeoutMs: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`veille run: timed out waiting for ${what}\nstderr:\n${stderr.slice(-2000)}`));
      }, timeoutMs);
      function check() {
        if (predicate()) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(Date.now());
        } else if (child.exitCode !== null) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`veille run exited before ${what}\nstderr:\n${stderr.slice(-2000)}`));
        }
      }
      waiters.add(check);
      check();
    });

  const samples: DelaySample[] = [];
  const random = createRandom(7);
  try {
    await waitFor(() => stderr.includes('"cycle finished"'), 'the seeding cycle', 60_000);
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      // A random moment within the schedule period, so the samples cover every phase of it.
      await new Promise((resolve) => setTimeout(resolve, random.int(options.scheduleSeconds * 1000)));
      const source = random.int(options.sources);
      const link = `https://www.exemple-actu.fr/delai/essai-${repeat}-${Date.now()}.html`;
      const publishedAt = await server.inject({
        source,
        title: `Huawei ouvre un centre de données à Lyon (essai ${repeat + 1})`,
        summary: 'Le constructeur chinois poursuit son implantation en France malgré les restrictions européennes.',
        link,
      });
      const deliveredAt = await waitFor(() => stdout.includes(link), `the delivery of ${link}`, (options.scheduleSeconds + 30) * 1000);
      samples.push({ source, publishedAt, deliveredAt, delayMs: deliveredAt - publishedAt });
    }
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  const delays = samples.map((sample) => sample.delayMs);
  const steady = cycleDurations.slice(1).filter((value) => Number.isFinite(value));
  return {
    schedule,
    sources: options.sources,
    samples,
    maxMs: Math.max(...delays),
    meanMs: delays.reduce((sum, value) => sum + value, 0) / Math.max(1, delays.length),
    cycleMs: {
      mean: steady.reduce((sum, value) => sum + value, 0) / Math.max(1, steady.length),
      max: Math.max(0, ...steady),
      count: steady.length,
    },
  };
}
