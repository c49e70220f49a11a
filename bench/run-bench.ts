/**
 * `npm run bench`: veille's benchmark (issue 7). Starts the synthetic feed server in its own
 * process, runs each case in a fresh worker process, prints Markdown tables and writes every number
 * to bench/results/<timestamp>.json. Options: `npm run bench -- --help`. See docs/benchmark.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { MatcherResult, StagesResult, StateSizeResult, StoriesResult } from './cases/case-types.js';
import { runDelayCase, type DelayResult } from './cases/delay-case.js';
import { runOnceCases, type OnceResults } from './cases/once-case.js';
import { parseBenchOptions } from './plan/bench-options.js';
import { feedShape } from './plan/mixes.js';
import type { BenchResults, CycleRow } from './report/bench-results.js';
import { prepareServer, runCycleCases } from './run-cycle-cases.js';
import { runPostgresCases, runReplicaCases } from './run-postgres-cases.js';
import { postgresTable, replicasTable } from './report/postgres-report.js';
import { cycleTable, delayTable, fixedCostTable, matcherTable, onceTable, profileText, stagesTable, stateObjectsTable, stateTable, storiesTable, targetTable } from './report/render-report.js';
import { analyzeStateSize } from './report/state-analysis.js';
import { checkTargets } from './report/targets.js';
import { startFeedServer, type FeedServer } from './server/feed-server-client.js';
import { benchModule, CLI_PATH, RESULTS_DIR } from './support/paths.js';
import { runInWorker, setWorkerFlags } from './support/run-worker.js';

const started = Date.now();
const stamp = new Date(started).toISOString().replace(/[:.]/g, '-');
const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);

/** State-size case: few sources, many cycles (simulated 10 minutes apart). */
const STATE = { sources: 10, cycles: 120, newItems: 10, intervalMs: 10 * 60_000, boundedRetentionMs: 2 * 3_600_000 };

interface Collected {
  seeds: BenchResults['seeds'][number][];
  cycles: CycleRow[];
  floors: BenchResults['floors'][number][];
  naives: BenchResults['naives'][number][];
  matcher?: MatcherResult;
  stories?: StoriesResult;
  stages?: StagesResult;
  once?: OnceResults;
  delay?: DelayResult;
  state?: NonNullable<BenchResults['state']>;
  postgres?: NonNullable<BenchResults['postgres']>;
  replicas?: NonNullable<BenchResults['replicas']>;
  errors: { part: string; message: string }[];
}

/** Runs one part; a failure is recorded and reported, and the other parts still run. */
async function attempt(collected: Collected, part: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    collected.errors.push({ part, message });
    log(`${part} FAILED: ${message.split('\n')[0] ?? ''}`);
  }
}

async function runStateCases(server: FeedServer, workRoot: string): Promise<NonNullable<BenchResults['state']>> {
  const run = async (retentionMs: number, name: string): Promise<StateSizeResult> => {
    await prepareServer(server, STATE.sources, 'half');
    log(`state size: ${STATE.cycles} cycles, retention ${name}`);
    return runInWorker<StateSizeResult>({
      kind: 'state-size',
      ports: server.ports,
      sources: STATE.sources,
      cycles: STATE.cycles,
      newItems: STATE.newItems,
      retentionMs,
      intervalMs: STATE.intervalMs,
      dbPath: join(workRoot, `state-${name}.db`),
    });
  };
  const unbounded = await run(90 * 86_400_000, '90d');
  const bounded = await run(STATE.boundedRetentionMs, '2h');
  const analysis = analyzeStateSize(unbounded, bounded, { sources: STATE.sources, itemsPerFeed: feedShape(0).itemsPerFeed, newItems: STATE.newItems, intervalMs: STATE.intervalMs });
  return { unbounded, bounded, analysis };
}

/** The commit measured, and whether src/ had uncommitted changes (other engineers work in this checkout). */
function sourceRevision(): { readonly commit: string; readonly srcChanges: number } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' });
    return { commit, srcChanges: status.split('\n').filter((line) => line.trim() !== '').length };
  } catch {
    return { commit: 'unknown', srcChanges: -1 };
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  setWorkerFlags(options.workerFlags);
  await mkdir(RESULTS_DIR, { recursive: true });
  const workRoot = await mkdtemp(join(options.dbDir ?? tmpdir(), 'veille-bench-'));
  const server = await startFeedServer();
  log(`feed server pid ${server.pid} on 127.0.0.1 ports ${server.ports.join(', ')}; work dir ${workRoot}`);
  const collected: Collected = { seeds: [], cycles: [], floors: [], naives: [], errors: [] };
  try {
    if (options.parts.has('matcher')) {
      await attempt(collected, 'matcher', async () => {
        log('matcher: 10,000 items');
        collected.matcher = await runInWorker<MatcherResult>({ kind: 'matcher', items: 10_000, minMs: 4_000 });
      });
    }
    if (options.parts.has('stories')) {
      await attempt(collected, 'stories', async () => {
        log('stories: 10,000 items in the window, 5,000 new');
        collected.stories = await runInWorker<StoriesResult>({ kind: 'stories', window: 10_000, newItems: 5_000, rounds: 7 });
      });
    }
    if (options.parts.has('stages')) {
      await attempt(collected, 'stages', async () => {
        const sources = Math.min(1_000, Math.max(...options.sizes));
        log(`stages: each stage of a read, ${sources} sources`);
        await prepareServer(server, sources, 'all');
        collected.stages = await runInWorker<StagesResult>({ kind: 'stages', ports: server.ports, sources, dbDir: workRoot });
      });
    }
    if (['cycles', 'floor', 'naive'].some((part) => options.parts.has(part as 'cycles'))) {
      await runCycleCases(
        {
          server,
          options,
          workRoot,
          log,
          attempt: (part, body) => attempt(collected, part, body),
          // .cpuprofile.json: git-ignored with the results; Chrome DevTools and speedscope open it.
          profileFile: (name) => (options.profile ? join(RESULTS_DIR, `${stamp}-${name}.cpuprofile.json`) : undefined),
        },
        collected,
      );
    }
    if (options.parts.has('once')) {
      await attempt(collected, 'once', async () => {
        collected.once = await runOnceCases({
          server,
          sizes: options.onceSizes,
          runs: options.onceRuns,
          concurrency: options.concurrency,
          cli: options.onceCli === undefined ? CLI_PATH : resolve(options.onceCli),
          workRoot,
          log,
          profileFile: (name) => (options.profile ? join(RESULTS_DIR, `${stamp}-${name}.cpuprofile.json`) : undefined),
          attempt: (part, body) => attempt(collected, part, body),
        });
      });
    }
    if (options.parts.has('delay')) {
      await attempt(collected, 'delay', async () => {
        log(`delay: veille run, ${options.delaySources} sources, ${options.delayRepeats} items`);
        await prepareServer(server, options.delaySources, 'half');
        const delayDir = join(workRoot, 'delay');
        await mkdir(delayDir, { recursive: true });
        collected.delay = await runDelayCase({ server, sources: options.delaySources, repeats: options.delayRepeats, workDir: delayDir, scheduleSeconds: 5 });
      });
    }
    if (options.parts.has('postgres')) {
      await attempt(collected, 'postgres', async () => {
        collected.postgres = await runPostgresCases({ server, options, workRoot, log, attempt: (part, body) => attempt(collected, part, body) });
      });
    }
    if (options.parts.has('replicas')) {
      await attempt(collected, 'replicas', async () => {
        collected.replicas = await runReplicaCases({ server, options, workRoot, log, attempt: (part, body) => attempt(collected, part, body) });
      });
    }
    if (options.parts.has('state')) {
      await attempt(collected, 'state', async () => {
        collected.state = await runStateCases(server, workRoot);
      });
    }
  } finally {
    await server.close();
    await rm(workRoot, { recursive: true, force: true });
  }

  const base = {
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 1024 ** 3),
      platform: `${process.platform} ${process.arch}`,
    },
    source: sourceRevision(),
    options: { ...options, parts: [...options.parts] },
    ...collected,
  };
  const results: BenchResults = { ...base, targets: checkTargets(base) };
  const file = join(RESULTS_DIR, `${stamp}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);

  const sections = [
    `veille benchmark — ${results.startedAt}, commit ${results.source.commit}${results.source.srcChanges > 0 ? ` (+${results.source.srcChanges} uncommitted src files)` : ''}, ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}, ${results.durationS.toFixed(0)} s`,
    results.cycles.length + results.floors.length > 0 ? `\n## Cycles\n\n${cycleTable(results)}` : '',
    results.cycles.length > 0 ? `\n## Outside the measured cycle\n\n${fixedCostTable(results)}` : '',
    results.matcher === undefined ? '' : `\n## Matcher (10,000 items)\n\n${matcherTable(results)}`,
    results.stories === undefined ? '' : `\n## Story matcher (${results.stories.window.toLocaleString('en-US')} items in the window, ${results.stories.newItems.toLocaleString('en-US')} new)\n\n${storiesTable(results)}`,
    results.stages === undefined ? '' : `\n## Stages of a read, one at a time (${results.stages.sources} sources, concurrency ${options.concurrency} for HTTP)\n\n${stagesTable(results)}`,
    results.once === undefined ? '' : `\n## veille once as a process (medians of ${results.once.runs} processes each; veille and floor take turns)\n\n${onceTable(results)}`,
    results.delay === undefined
      ? ''
      : `\n## New item to delivered (veille run, ${results.delay.schedule}, ${results.delay.sources} sources; cycles ${results.delay.cycleMs.mean.toFixed(0)} ms mean, ${results.delay.cycleMs.max.toFixed(0)} ms max)\n\n${delayTable(results)}`,
    results.state === undefined ? '' : `\n## State size (${STATE.sources} sources, ${STATE.newItems} new items each per cycle, cycles ${STATE.intervalMs / 60_000} min apart)\n\n${stateTable(results)}`,
    results.state === undefined ? '' : `\nWhere the bytes are (retention 90d, after the last cycle):\n\n${stateObjectsTable(results)}`,
    results.postgres === undefined ? '' : `\n## PostgreSQL beside SQLite (median cycle; the two take turns, cycle by cycle)\n\n${postgresTable(results.postgres)}`,
    results.replicas === undefined ? '' : `\n## Replicas on one PostgreSQL database (1 replica and 2 replicas take turns, tick by tick)\n\n${replicasTable(results.replicas)}`,
    `\n## Targets\n\n${targetTable(results)}`,
  ];
  const profiles = [
    ...results.cycles.map((row) => profileText(`veille ${row.label}, ${row.sources}`, row.veille)),
    ...results.floors.map((row) => profileText(`floor, ${row.sources}`, row.result)),
    ...results.naives.map((row) => profileText(`naive, ${row.sources}`, row.result)),
    ...(results.once?.sizes ?? []).flatMap((size) => size.cases.map((result) => profileText(`veille once, ${result.id}, ${size.sources}`, result))),
  ].filter((text) => text !== '');
  if (profiles.length > 0) sections.push(`\n## CPU profiles (top self time; numbers above include profiler overhead)\n\n${profiles.join('\n\n')}`);
  if (results.errors.length > 0) sections.push(`\n## FAILED parts\n\n${results.errors.map((error) => `- ${error.part}: ${error.message}`).join('\n')}`);
  process.stdout.write(`${sections.filter((section) => section !== '').join('\n')}\n\nresults: ${file}\n`);
  if (results.errors.length > 0) process.exitCode = 1;
  // The web pages' bench (`npm run bench:web`) prints its own table, after this run's.
  if (options.parts.has('web')) {
    const code = await new Promise<number | null>((resolve) => spawn(process.execPath, [benchModule('web-pages-bench.js')], { stdio: 'inherit' }).once('exit', resolve));
    if (code !== 0) process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
