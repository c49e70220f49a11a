/**
 * `veille once` as a whole process, as cron or a Kubernetes CronJob starts it: `node dist/cli.cjs
 * once` on a config directory of N sources of the feed server, measured from the outside (wall,
 * CPU of the whole process from exec to exit, peak RSS), next to a floor process measured the same
 * way in the same run, the two taking turns. Two cases:
 *
 * - seeding: the first read of every source, on a state file that does not exist yet;
 * - 304: every source answers 304, on a copy of a state seeded with validators (the floor sends
 *   the same validators), beside the config cache the previous process left, as cron runs find it;
 * - 304 with a story window: the same, on a state whose story window holds `STORY_WINDOW_ITEMS`
 *   items of the last day, as a team's state holds after a day of posts (seeding posts nothing, so
 *   the 304 case's window is empty). Reported beside the others; not one of the targets.
 *
 * See docs/benchmark.md, "veille once as a process".
 */
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { stringify } from 'yaml';
import { CONFIG_CACHE_NAME } from '../../src/config/runtime-env.js';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { DEFAULT_STORY_WINDOW_MS } from '../../src/stories/index.js';
import { articleItem } from '../corpus/story-workload.js';
import type { FeedServer } from '../server/feed-server-client.js';
import { loadDefaultWatchRule, sourceName } from '../support/bench-config.js';
import { measureProcess, type ProcessRun } from '../support/measure-process.js';
import { benchModule } from '../support/paths.js';
import { summarizeProfile, type ProfileSummary } from '../support/profile-summary.js';
import type { CycleCounts } from './case-types.js';
import { cycleCounts } from './cycle-counts.js';
import type { OnceFloorOutput, OnceFloorTask } from './once-floor-main.js';

export type OnceCaseId = 'seeding' | 'not-modified' | 'not-modified-window';

/** Items in the story window of the `not-modified-window` case. */
export const STORY_WINDOW_ITEMS = 500;

export const ONCE_CASE_LABELS: Readonly<Record<OnceCaseId, string>> = {
  seeding: 'seeding: first read of every source, empty state',
  'not-modified': 'every source answers 304 (state seeded with validators)',
  'not-modified-window': `every source answers 304, ${STORY_WINDOW_ITEMS} items in the story window (not a target)`,
};

/** The cases the issue sets a target for (veille within 1.3x of its floor). */
export function hasOnceTarget(id: OnceCaseId): boolean {
  return id !== 'not-modified-window';
}

/** One veille process and one floor process, run one after the other (in alternating order). */
export interface OncePair {
  readonly veille: ProcessRun;
  readonly floor: ProcessRun;
  readonly veilleFirst: boolean;
}

export interface OnceCaseResult {
  readonly id: OnceCaseId;
  readonly sources: number;
  /** One unmeasured pair first (page cache, the feed server's first connections). */
  readonly warmup: OncePair;
  readonly pairs: readonly OncePair[];
  /** The cycle report of the last measured veille process (`once --json`). */
  readonly counts: CycleCounts;
  /** What the last measured floor process saw. */
  readonly floor: OnceFloorOutput;
  /** State file after the last measured veille process (database + WAL), bytes. */
  readonly dbBytes: number;
  /** `--profile`: one more veille process, run with --cpu-prof (not in the numbers). */
  readonly profile?: ProfileSummary;
}

export interface OnceSizeResult {
  readonly sources: number;
  readonly cases: readonly OnceCaseResult[];
}

/** What any node process, and veille's start-up alone, cost (context for the rows above). */
export interface OnceBaseline {
  /** `node -e 0`. */
  readonly emptyNode: readonly ProcessRun[];
  /** `node dist/cli.cjs --version`: veille's modules loaded, nothing done. */
  readonly version: readonly ProcessRun[];
}

export interface OnceResults {
  readonly runs: number;
  readonly baseline: OnceBaseline;
  readonly sizes: readonly OnceSizeResult[];
}

export interface OnceOptions {
  readonly server: FeedServer;
  readonly sizes: readonly number[];
  /** Measured pairs per case. */
  readonly runs: number;
  readonly concurrency: number;
  /** The veille bin to run. */
  readonly cli: string;
  readonly workRoot: string;
  readonly log: (message: string) => void;
  /** Where the CPU profile of a case goes (undefined: not profiled). */
  readonly profileFile: (name: string) => string | undefined;
  /** Runs one part; a failure is recorded and the other parts still run. */
  readonly attempt: (part: string, body: () => Promise<void>) => Promise<void>;
}

const baseEnv = (): Record<string, string> => ({ PATH: process.env['PATH'] ?? '' });
const sizeOf = (path: string): number => (statSync(path, { throwIfNoEntry: false })?.size ?? 0) + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);

/** A config directory as an operator writes it: N sources, the default watch, the console. */
async function writeConfigDir(dir: string, server: FeedServer, sources: number, concurrency: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const list = Array.from({ length: sources }, (_, index) => ({ name: sourceName(index), url: server.feedUrl(index) }));
  await writeFile(join(dir, 'sources.yaml'), stringify({ sources: list }));
  await writeFile(join(dir, 'watches.yaml'), stringify({ watches: [{ name: 'cloud-souverain', rule: await loadDefaultWatchRule(), to: ['console'] }] }));
  await writeFile(join(dir, 'destinations.yaml'), stringify({ destinations: { console: { type: 'console' } } }));
  // per_host: every bench feed is on one loopback host standing in for as many sites (as in the cycle cases).
  await writeFile(join(dir, 'settings.yaml'), stringify({ settings: { concurrency, per_host: concurrency } }));
}

/** Each source's stored ETag and Last-Modified, in source order, for the floor's conditional requests. */
function readValidators(dbPath: string, sources: number): NonNullable<OnceFloorTask['validators']> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT name, etag, last_modified AS lastModified FROM sources').all() as { name: string; etag: string | null; lastModified: string | null }[];
    const byName = new Map(rows.map((row) => [row.name, row]));
    return Array.from({ length: sources }, (_, index) => {
      const row = byName.get(sourceName(index));
      if (row?.etag == null && row?.lastModified == null) throw new Error(`the seeded state has no validators for ${sourceName(index)}`);
      return { ...(row.etag === null ? {} : { etag: row.etag }), ...(row.lastModified === null ? {} : { lastModified: row.lastModified }) };
    });
  } finally {
    db.close();
  }
}

/**
 * Adds `count` items to the story window of a state, first seen over the last 24 hours (half the
 * default window), every fifth one attached to the story before it, as the story stage records
 * them after posting to `destination`.
 */
async function addStoryWindow(dbPath: string, count: number, destination: string): Promise<void> {
  const store = openSqliteStore(dbPath);
  try {
    const now = Date.now();
    const spacing = DEFAULT_STORY_WINDOW_MS / 2 / count;
    const key = (index: number): string => `https://bench.invalid/story/${index}`;
    await store.addStoryItems(
      Array.from({ length: count }, (_, index) => {
        const item = articleItem(7_000_000 + index);
        return {
          storyKey: key(index),
          storyId: index % 5 === 4 ? key(index - 1) : key(index),
          addedAt: new Date(now - (count - index) * spacing).toISOString(),
          title: item.title,
          summary: item.summary,
          source: item.source ?? 'Next',
          grouped: [destination],
        };
      }),
    );
  } finally {
    await store.close();
  }
}

function copyState(from: string, to: string): void {
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

async function removeState(path: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${path}${suffix}`, { force: true })));
}

export async function runOnceCases(options: OnceOptions): Promise<OnceResults> {
  const { server, log } = options;
  // Veille's code cache (src/cli/code-cache.ts) in directories of this run, not the machine's
  // shared one: which process writes an entry first decides what the later ones find, so a cache
  // left by a test or an earlier bench made runs disagree. `--version` gets its own; the once
  // cases share one, written by the first process of the run (seeding's warm-up), as a cron job's
  // cache is by its first run.
  const codeCaches = { version: join(options.workRoot, 'code-cache-version'), once: join(options.workRoot, 'code-cache-once') };
  await Promise.all(Object.values(codeCaches).map((dir) => rm(dir, { recursive: true, force: true })));
  const baseline = await runBaseline(options.runs, options.cli, codeCaches.version);
  log(`once: empty node ${median(baseline.emptyNode.map((run) => run.cpuMs)).toFixed(0)} ms CPU, veille --version ${median(baseline.version.map((run) => run.cpuMs)).toFixed(0)} ms CPU (medians of ${options.runs})`);
  const sizes: OnceSizeResult[] = [];
  for (const sources of options.sizes) {
    const dir = join(options.workRoot, `once-${sources}`);
    const configDir = join(dir, 'config');
    await rm(dir, { recursive: true, force: true });
    await writeConfigDir(configDir, server, sources, options.concurrency);
    await server.reset({ sources, itemsPerFeed: 50, gzipEvery: 3, atomEvery: 10 });
    await server.setValidators('all');
    await server.prewarm();
    const urls = Array.from({ length: sources }, (_, index) => server.feedUrl(index));
    const cases: OnceCaseResult[] = [];
    const veille = (dbPath: string, nodeArgs: readonly string[] = []) =>
      measureProcess({ command: process.execPath, args: [...nodeArgs, options.cli, 'once', '--json', '--config', configDir], env: { ...baseEnv(), VEILLE_DB: dbPath, NODE_COMPILE_CACHE: codeCaches.once } });
    const floor = (taskFile: string) => measureProcess({ command: process.execPath, args: [benchModule('cases/once-floor-main.js'), taskFile], env: baseEnv() });

    const seedDb = join(dir, 'seed.db');
    await options.attempt(`once seeding ${sources}`, async () => {
      const floorTaskFile = join(dir, 'floor-seeding.json');
      await writeFile(floorTaskFile, JSON.stringify({ urls, concurrency: options.concurrency } satisfies OnceFloorTask));
      let run = 0;
      const result = await runPairs(options, sources, 'seeding', {
        veille: async (profileArgs) => {
          const dbPath = join(dir, `seeding-${run++}.db`);
          // A first run: no config cache beside the state yet (the 304 case keeps the one it leaves).
          await rm(join(dir, CONFIG_CACHE_NAME), { force: true });
          const measured = await veille(dbPath, profileArgs);
          const report = checkReport(measured.stdout, sources, 'seeding');
          // The last one stays as the seed of the 304 case.
          const bytes = sizeOf(dbPath);
          if (existsSync(seedDb)) await removeState(seedDb);
          copyState(dbPath, seedDb);
          await removeState(dbPath);
          return { run: measured.run, report, dbBytes: bytes };
        },
        floor: async () => {
          const measured = await floor(floorTaskFile);
          return { run: measured.run, output: checkFloor(measured.stdout, sources, 'seeding') };
        },
      });
      cases.push(result);
    });
    if (existsSync(seedDb)) {
      const floorTaskFile = join(dir, 'floor-304.json');
      await writeFile(floorTaskFile, JSON.stringify({ urls, concurrency: options.concurrency, validators: readValidators(seedDb, sources) } satisfies OnceFloorTask));
      const notModified = (id: 'not-modified' | 'not-modified-window', stateDb: string) =>
        options.attempt(`once ${id} ${sources}`, async () => {
          let run = 0;
          const result = await runPairs(options, sources, id, {
            veille: async (profileArgs) => {
              const dbPath = join(dir, `${id}-${run++}.db`);
              copyState(stateDb, dbPath);
              const measured = await veille(dbPath, profileArgs);
              const report = checkReport(measured.stdout, sources, id);
              const bytes = sizeOf(dbPath);
              await removeState(dbPath);
              return { run: measured.run, report, dbBytes: bytes };
            },
            floor: async () => {
              const measured = await floor(floorTaskFile);
              return { run: measured.run, output: checkFloor(measured.stdout, sources, id) };
            },
          });
          cases.push(result);
        });
      await notModified('not-modified', seedDb);
      const windowDb = join(dir, 'seed-window.db');
      copyState(seedDb, windowDb);
      await addStoryWindow(windowDb, STORY_WINDOW_ITEMS, 'console');
      await notModified('not-modified-window', windowDb);
    }
    sizes.push({ sources, cases });
    await rm(dir, { recursive: true, force: true });
  }
  return { runs: options.runs, baseline, sizes };
}

interface Runners {
  /** One veille process (with extra node flags for a profile); checks its report. */
  readonly veille: (nodeArgs?: readonly string[]) => Promise<{ run: ProcessRun; report: CycleReport; dbBytes: number }>;
  readonly floor: () => Promise<{ run: ProcessRun; output: OnceFloorOutput }>;
}

/** A warm-up pair, then `runs` measured pairs, veille first in every other pair. */
async function runPairs(options: OnceOptions, sources: number, id: OnceCaseId, runners: Runners): Promise<OnceCaseResult> {
  const { log } = options;
  log(`once, ${sources} sources, ${ONCE_CASE_LABELS[id]}: 1 warm-up + ${options.runs} measured pairs of processes (veille, floor), taking turns`);
  let last: { report: CycleReport; dbBytes: number; output: OnceFloorOutput } | undefined;
  const pair = async (index: number): Promise<OncePair> => {
    const veilleFirst = index % 2 === 0;
    let veilleRun: ProcessRun | undefined;
    let floorRun: ProcessRun | undefined;
    let report: CycleReport | undefined;
    let dbBytes = 0;
    let output: OnceFloorOutput | undefined;
    for (const side of veilleFirst ? ['veille', 'floor'] : ['floor', 'veille']) {
      if (side === 'veille') ({ run: veilleRun, report, dbBytes } = await runners.veille());
      else ({ run: floorRun, output } = await runners.floor());
    }
    if (veilleRun === undefined || floorRun === undefined || report === undefined || output === undefined) throw new Error('a pair did not run both sides');
    last = { report, dbBytes, output };
    return { veille: veilleRun, floor: floorRun, veilleFirst };
  };
  const warmup = await pair(1);
  const pairs: OncePair[] = [];
  for (let index = 0; index < options.runs; index += 1) {
    const measured = await pair(index);
    pairs.push(measured);
    log(
      `  pair ${index + 1}: veille ${measured.veille.cpuMs.toFixed(0)} ms CPU, ${measured.veille.wallMs.toFixed(0)} ms wall, ${measured.veille.peakRssMiB.toFixed(0)} MiB; ` +
        `floor ${measured.floor.cpuMs.toFixed(0)} ms CPU, ${measured.floor.wallMs.toFixed(0)} ms wall, ${measured.floor.peakRssMiB.toFixed(0)} MiB; ratio ${(measured.veille.cpuMs / measured.floor.cpuMs).toFixed(2)}`,
    );
  }
  if (last === undefined) throw new Error('no pair ran');
  const { report, dbBytes, output } = last;
  const profileFile = options.profileFile(`once-${id}-${sources}`);
  let profile: ProfileSummary | undefined;
  if (profileFile !== undefined) {
    await runners.veille(['--cpu-prof', `--cpu-prof-dir=${dirname(profileFile)}`, `--cpu-prof-name=${basename(profileFile)}`]);
    profile = summarizeProfile(JSON.parse(readFileSync(profileFile, 'utf8')), profileFile);
    log(`  profile: ${profileFile}`);
  }
  return { id, sources, warmup, pairs, counts: cycleCounts(report), floor: output, dbBytes, ...(profile === undefined ? {} : { profile }) };
}

function checkReport(stdout: string, sources: number, id: OnceCaseId): CycleReport {
  const report = JSON.parse(stdout) as CycleReport;
  const ok =
    report.failed === 0 &&
    (id === 'seeding' ? report.seeded === sources && report.fetched === sources && report.delivered === 0 : report.notModified === sources && report.fetched === 0);
  if (!ok) throw new Error(`veille once, ${id}, ${sources} sources: unexpected report ${JSON.stringify(cycleCounts(report))}`);
  return report;
}

function checkFloor(stdout: string, sources: number, id: OnceCaseId): OnceFloorOutput {
  const output = JSON.parse(stdout) as OnceFloorOutput;
  const ok = id === 'seeding' ? output.documents === sources && output.notModified === 0 : output.notModified === sources && output.documents === 0;
  if (!ok) throw new Error(`floor process, ${id}, ${sources} sources: unexpected output ${stdout.trim()}`);
  return output;
}

async function runBaseline(runs: number, cli: string, codeCache: string): Promise<OnceBaseline> {
  const emptyNode: ProcessRun[] = [];
  const version: ProcessRun[] = [];
  for (let index = 0; index <= runs; index += 1) {
    const empty = await measureProcess({ command: process.execPath, args: ['-e', '0'], env: baseEnv() });
    const started = await measureProcess({ command: process.execPath, args: [cli, '--version'], env: { ...baseEnv(), NODE_COMPILE_CACHE: codeCache } });
    // The first of each warms the page cache.
    if (index === 0) continue;
    emptyNode.push(empty.run);
    version.push(started.run);
  }
  return { emptyNode, version };
}

/** The middle value (the lower of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** veille / floor CPU over every measured pair (totals), and the spread of the per-pair ratios. */
export function onceRatios(result: OnceCaseResult): { readonly cpu: number; readonly wall: number; readonly pairMin: number; readonly pairMax: number } {
  const total = (pick: (pair: OncePair) => number) => result.pairs.reduce((sum, pair) => sum + pick(pair), 0);
  const perPair = result.pairs.map((pair) => pair.veille.cpuMs / pair.floor.cpuMs);
  return {
    cpu: total((pair) => pair.veille.cpuMs) / total((pair) => pair.floor.cpuMs),
    wall: total((pair) => pair.veille.wallMs) / total((pair) => pair.floor.wallMs),
    pairMin: Math.min(...perPair),
    pairMax: Math.max(...perPair),
  };
}
