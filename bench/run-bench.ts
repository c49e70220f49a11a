/**
 * `npm run bench`: veille's benchmark (issue 7). Starts the synthetic feed server in its own
 * process, runs each case in a fresh worker process, prints Markdown tables and writes every number
 * to bench/results/<timestamp>.json. Options: `npm run bench -- --help`. See docs/benchmark.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type {
  CycleCaseResult,
  FloorResult,
  MatcherResult,
  NaiveResult,
  RoundsSummary,
  StagesResult,
  StateSizeResult,
} from './cases/case-types.js';
import { runDelayCase, type DelayResult } from './cases/delay-case.js';
import { parseBenchOptions, type BenchOptions } from './plan/bench-options.js';
import { feedShape, MIXES } from './plan/mixes.js';
import { repetitionsFor } from './plan/repetitions.js';
import type { RoundSample } from './support/measure-rounds.js';
import type { BenchResults, CycleRow } from './report/bench-results.js';
import { cycleTable, delayTable, fixedCostTable, matcherTable, profileText, stagesTable, stateObjectsTable, stateTable, targetTable } from './report/render-report.js';
import { analyzeStateSize } from './report/state-analysis.js';
import { checkTargets } from './report/targets.js';
import { startFeedServer, type FeedServer } from './server/feed-server-client.js';
import { RESULTS_DIR } from './support/paths.js';
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
  stages?: StagesResult;
  delay?: DelayResult;
  state?: NonNullable<BenchResults['state']>;
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

/** CPU ms per source of each round: warm-up ones in brackets. */
function roundsText(rounds: RoundsSummary | undefined, sources: number): string {
  if (rounds === undefined) return '';
  const perSource = (ms: number) => (ms / sources).toFixed(3);
  // total (main thread + other threads) when the split is known
  const text = (samples: readonly RoundSample[]) =>
    samples.map((sample) => (sample.threads === undefined ? perSource(sample.cpuMs) : `${perSource(sample.cpuMs)}(${perSource(sample.threads.mainMs)}+${perSource(sample.threads.otherMs)})`)).join(' ');
  return `[${text(rounds.warmup)}] ${text(rounds.measured)}`;
}

async function prepare(server: FeedServer, sources: number, validators: 'all' | 'none' | 'half', change?: { every: number; offset: number; newItems: number }): Promise<void> {
  await server.reset(feedShape(sources));
  await server.setValidators(validators);
  if (change !== undefined) await server.advance(change);
  await server.prewarm();
}

async function runCycleCases(server: FeedServer, options: BenchOptions, workRoot: string, collected: Collected): Promise<void> {
  // .cpuprofile.json: git-ignored with the results; Chrome DevTools and speedscope open it.
  const profileFile = (name: string) => (options.profile ? join(RESULTS_DIR, `${stamp}-${name}.cpuprofile.json`) : undefined);
  const withProfile = (name: string) => {
    const file = profileFile(name);
    return file === undefined ? {} : { profileFile: file };
  };
  for (const sources of options.sizes) {
    const workDir = join(workRoot, `n${sources}`);
    await mkdir(workDir, { recursive: true });
    const cheap = repetitionsFor(sources, { warmupReads: options.warmupReads, maxMeasuredRounds: options.rounds });
    const expensive = repetitionsFor(sources, { warmupReads: options.warmupReads, maxMeasuredRounds: options.rounds, measuredReads: options.changedReads });
    const seedDb = join(workDir, 'seed.db');
    let seeded = false;
    if (options.parts.has('cycles')) {
      await attempt(collected, `seeding ${sources}`, async () => {
        log(`${sources} sources: seeding`);
        await prepare(server, sources, 'all');
        const seed = await runInWorker<CycleCaseResult>({ kind: 'veille-seed', ports: server.ports, sources, concurrency: options.concurrency, dbPath: seedDb });
        if (seed.counts.seeded !== sources || seed.counts.failed > 0) throw new Error(`seeding ${sources} sources: ${JSON.stringify(seed.counts)}`);
        collected.seeds.push({ sources, result: seed });
        seeded = true;
        log(`  seeded in ${(seed.measurement.wallMs / 1000).toFixed(1)} s wall, ${(seed.measurement.cpuMs / 1000).toFixed(1)} s CPU`);
      });
    }
    for (const mixId of options.mixes) {
      const mix = MIXES[mixId];
      // Back to back, then (304 only) with a pause between cycles, as a daemon waits for its next tick.
      const pauses = [0, ...(mix.id === 'not-modified' && options.pauseMs > 0 ? [options.pauseMs] : [])];
      for (const pauseMs of seeded ? pauses : []) {
        const label = pauseMs === 0 ? mix.label : `${mix.label}, ${pauseMs / 1000} s pause between cycles`;
        await attempt(collected, `${label}, ${sources}`, async () => {
          // The worker has the server publish before each of its cycles.
          await prepare(server, sources, mix.validators);
          const repetitions = mix.id === 'changed' ? expensive : cheap;
          log(`${sources} sources: ${label} (${repetitions.warmupRounds} warm-up + ${repetitions.measuredRounds} measured cycles)`);
          const caseDir = join(workDir, `${mix.id}-${pauseMs}`);
          await mkdir(caseDir, { recursive: true });
          const veille = await runInWorker<CycleCaseResult>({
            kind: 'veille-steady',
            ports: server.ports,
            sources,
            concurrency: options.concurrency,
            seedDb,
            workDir: caseDir,
            validators: mix.validators,
            ...(mix.change === undefined ? {} : { change: { every: mix.change.every, newItems: mix.change.newItems } }),
            repetitions,
            pauseMs,
            ...withProfile(`veille-${mix.id}-${pauseMs}-${sources}`),
          });
          if (veille.counts.failed > 0) throw new Error(`${veille.counts.failed} sources failed: ${JSON.stringify(veille.counts.failureKinds)}`);
          collected.cycles.push({ sources, mix: mix.id, label, pauseMs, veille });
          const m = veille.measurement;
          log(`  median ${(m.wallMs / 1000).toFixed(2)} s wall, ${(m.cpuMs / sources).toFixed(3)} ms CPU/source, ${m.peakRssMiB.toFixed(0)} MiB peak RSS; CPU ms/source per cycle: ${roundsText(veille.rounds, sources)}`);
          await rm(caseDir, { recursive: true, force: true });
        });
      }
      // The references keep no state: every fetch is a full 200 whatever the mix, so they are
      // measured once per size, on the "all changed" documents.
      if (mix.id !== 'changed') continue;
      if (options.parts.has('floor')) {
        await attempt(collected, `floor ${sources}`, async () => {
          await prepare(server, sources, mix.validators, mix.change);
          log(`${sources} sources: floor (${expensive.warmupRounds} warm-up + ${expensive.measuredRounds} measured passes)`);
          const floor = await runInWorker<FloorResult>({ kind: 'floor', ports: server.ports, sources, concurrency: options.concurrency, repetitions: expensive, ...withProfile(`floor-${sources}`) });
          collected.floors.push({ sources, result: floor });
          log(`  median ${(floor.measurement.wallMs / 1000).toFixed(2)} s wall, ${(floor.measurement.cpuMs / sources).toFixed(3)} ms CPU/source; per pass: ${roundsText(floor.rounds, sources)}`);
        });
      }
      if (options.parts.has('naive') && sources <= options.naiveMax) {
        await attempt(collected, `naive ${sources}`, async () => {
          log(`${sources} sources: naive loop`);
          const naive = await runInWorker<NaiveResult>({ kind: 'naive', ports: server.ports, sources, warmupSources: Math.min(sources, options.naiveWarmupSources), ...withProfile(`naive-${sources}`) });
          collected.naives.push({ sources, result: naive });
          log(`  ${(naive.measurement.wallMs / 1000).toFixed(2)} s wall, ${(naive.measurement.cpuMs / sources).toFixed(3)} ms CPU/source`);
        });
      }
    }
    await rm(workDir, { recursive: true, force: true });
  }
}

async function runStateCases(server: FeedServer, workRoot: string): Promise<NonNullable<BenchResults['state']>> {
  const run = async (retentionMs: number, name: string): Promise<StateSizeResult> => {
    await prepare(server, STATE.sources, 'half');
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
    if (options.parts.has('stages')) {
      await attempt(collected, 'stages', async () => {
        const sources = Math.min(1_000, Math.max(...options.sizes));
        log(`stages: each stage of a read, ${sources} sources`);
        await prepare(server, sources, 'all');
        collected.stages = await runInWorker<StagesResult>({ kind: 'stages', ports: server.ports, sources, dbDir: workRoot });
      });
    }
    if (['cycles', 'floor', 'naive'].some((part) => options.parts.has(part as 'cycles'))) await runCycleCases(server, options, workRoot, collected);
    if (options.parts.has('delay')) {
      await attempt(collected, 'delay', async () => {
        log(`delay: veille run, ${options.delaySources} sources, ${options.delayRepeats} items`);
        await prepare(server, options.delaySources, 'half');
        const delayDir = join(workRoot, 'delay');
        await mkdir(delayDir, { recursive: true });
        collected.delay = await runDelayCase({ server, sources: options.delaySources, repeats: options.delayRepeats, workDir: delayDir, scheduleSeconds: 5 });
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
    results.stages === undefined ? '' : `\n## Stages of a read, one at a time (${results.stages.sources} sources, concurrency ${options.concurrency} for HTTP)\n\n${stagesTable(results)}`,
    results.delay === undefined
      ? ''
      : `\n## New item to delivered (veille run, ${results.delay.schedule}, ${results.delay.sources} sources; cycles ${results.delay.cycleMs.mean.toFixed(0)} ms mean, ${results.delay.cycleMs.max.toFixed(0)} ms max)\n\n${delayTable(results)}`,
    results.state === undefined ? '' : `\n## State size (${STATE.sources} sources, ${STATE.newItems} new items each per cycle, cycles ${STATE.intervalMs / 60_000} min apart)\n\n${stateTable(results)}`,
    results.state === undefined ? '' : `\nWhere the bytes are (retention 90d, after the last cycle):\n\n${stateObjectsTable(results)}`,
    `\n## Targets\n\n${targetTable(results)}`,
  ];
  const profiles = [
    ...results.cycles.map((row) => profileText(`veille ${row.label}, ${row.sources}`, row.veille)),
    ...results.floors.map((row) => profileText(`floor, ${row.sources}`, row.result)),
    ...results.naives.map((row) => profileText(`naive, ${row.sources}`, row.result)),
  ].filter((text) => text !== '');
  if (profiles.length > 0) sections.push(`\n## CPU profiles (top self time; numbers above include profiler overhead)\n\n${profiles.join('\n\n')}`);
  if (results.errors.length > 0) sections.push(`\n## FAILED parts\n\n${results.errors.map((error) => `- ${error.part}: ${error.message}`).join('\n')}`);
  process.stdout.write(`${sections.filter((section) => section !== '').join('\n')}\n\nresults: ${file}\n`);
  if (results.errors.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
