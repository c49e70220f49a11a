/**
 * The cycle part of the bench: for each size, a seeding cycle, then each traffic mix in steady
 * state (and the 304 mix again with pauses between cycles), the floor taking turns with the
 * all-changed cycles, and the naive loop. See docs/benchmark.md.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CycleCaseResult, FloorResult, FloorTask, NaiveResult, RoundsSummary, VeilleSteadyTask } from './cases/case-types.js';
import type { BenchOptions } from './plan/bench-options.js';
import { feedShape, MIXES, type Mix } from './plan/mixes.js';
import { repetitionsFor, type Repetitions } from './plan/repetitions.js';
import type { BenchResults, CycleRow } from './report/bench-results.js';
import { floorRatio } from './report/targets.js';
import type { FeedServer } from './server/feed-server-client.js';
import type { ValidatorProfile } from './server/feed-catalog.js';
import type { RoundSample } from './support/measure-rounds.js';
import { runInWorker } from './support/run-worker.js';
import { runInTurns, runStepped } from './support/stepped-worker.js';

export interface CycleCollection {
  readonly seeds: BenchResults['seeds'][number][];
  readonly cycles: CycleRow[];
  readonly floors: BenchResults['floors'][number][];
  readonly naives: BenchResults['naives'][number][];
}

export interface CycleCaseContext {
  readonly server: FeedServer;
  readonly options: BenchOptions;
  readonly workRoot: string;
  readonly log: (message: string) => void;
  /** Runs one part; a failure is recorded and the other parts still run. */
  readonly attempt: (part: string, body: () => Promise<void>) => Promise<void>;
  /** Where the CPU profile of a case goes (undefined: not profiled). */
  readonly profileFile: (name: string) => string | undefined;
}

/** The feed server back to its initial documents, with the validators of the case, all rendered. */
export async function prepareServer(server: FeedServer, sources: number, validators: ValidatorProfile): Promise<void> {
  await server.reset(feedShape(sources));
  await server.setValidators(validators);
  await server.prewarm();
}

/** CPU ms per source of each round, warm-up ones in brackets; (main thread + other threads) when known. */
function roundsText(rounds: RoundsSummary | undefined, sources: number): string {
  if (rounds === undefined) return '';
  const perSource = (ms: number) => (ms / sources).toFixed(3);
  const text = (samples: readonly RoundSample[]) =>
    samples.map((sample) => (sample.threads === undefined ? perSource(sample.cpuMs) : `${perSource(sample.cpuMs)}(${perSource(sample.threads.mainMs)}+${perSource(sample.threads.otherMs)})`)).join(' ');
  return `[${text(rounds.warmup)}] ${text(rounds.measured)}`;
}

/** veille / floor CPU of each measured pair of rounds (run one after the other). */
export function pairedRatios(veille: RoundsSummary, floor: RoundsSummary): number[] {
  return veille.measured.map((sample, index) => sample.cpuMs / (floor.measured[index]?.cpuMs ?? Number.NaN));
}

export async function runCycleCases(context: CycleCaseContext, collected: CycleCollection): Promise<void> {
  const { server, options, log, attempt } = context;
  const withProfile = (name: string) => {
    const file = context.profileFile(name);
    return file === undefined ? {} : { profileFile: file };
  };
  for (const sources of options.sizes) {
    const workDir = join(context.workRoot, `n${sources}`);
    await mkdir(workDir, { recursive: true });
    const cheap = repetitionsFor(sources, { warmupReads: options.warmupReads, maxMeasuredRounds: options.rounds });
    // An all-changed round of few sources is short and lumpy (a major collection or not): more of them.
    const expensive = repetitionsFor(sources, { warmupReads: options.warmupReads, maxMeasuredRounds: options.changedRounds, measuredReads: options.changedReads, minMeasuredRounds: options.changedMinRounds });
    const seedDb = join(workDir, 'seed.db');
    const floorTask: FloorTask = { kind: 'floor', ports: server.ports, sources, concurrency: options.concurrency, repetitions: expensive, ...withProfile(`floor-${sources}`) };
    const logRounds = (what: string, result: { rounds?: RoundsSummary; measurement: { wallMs: number; cpuMs: number; peakRssMiB: number } }) => {
      const m = result.measurement;
      log(`  ${what}: median ${(m.wallMs / 1000).toFixed(2)} s wall, ${(m.cpuMs / sources).toFixed(3)} ms CPU/source, ${m.peakRssMiB.toFixed(0)} MiB peak RSS; CPU ms/source per round: ${roundsText(result.rounds, sources)}`);
    };
    let seeded = false;
    let floorDone = false;
    if (options.parts.has('cycles')) {
      await attempt(`seeding ${sources}`, async () => {
        log(`${sources} sources: seeding`);
        await prepareServer(server, sources, 'all');
        const seed = await runInWorker<CycleCaseResult>({ kind: 'veille-seed', ports: server.ports, sources, concurrency: options.concurrency, dbPath: seedDb });
        if (seed.counts.seeded !== sources || seed.counts.failed > 0) throw new Error(`seeding ${sources} sources: ${JSON.stringify(seed.counts)}`);
        collected.seeds.push({ sources, result: seed });
        seeded = true;
        log(`  seeded in ${(seed.measurement.wallMs / 1000).toFixed(1)} s wall, ${(seed.measurement.cpuMs / 1000).toFixed(1)} s CPU`);
      });
    }
    for (const mixId of seeded ? options.mixes : []) {
      const mix = MIXES[mixId];
      // Back to back, then (304 only) with a pause between cycles, as a daemon waits for its next tick.
      const pauses = [0, ...(mix.id === 'not-modified' && options.pauseMs > 0 ? [options.pauseMs] : [])];
      for (const pauseMs of pauses) {
        const label = pauseMs === 0 ? mix.label : `${mix.label}, ${pauseMs / 1000} s pause between cycles`;
        const repetitions = mix.id === 'changed' ? expensive : cheap;
        const withFloor = mix.id === 'changed' && pauseMs === 0 && options.parts.has('floor');
        await attempt(`${label}, ${sources}`, async () => {
          // The worker has the server publish before each of its cycles.
          await prepareServer(server, sources, mix.validators);
          const caseDir = join(workDir, `${mix.id}-${pauseMs}`);
          await mkdir(caseDir, { recursive: true });
          const task = steadyTask(mix, { sources, seedDb, caseDir, pauseMs, repetitions, ports: server.ports, concurrency: options.concurrency, ...withProfile(`veille-${mix.id}-${pauseMs}-${sources}`) });
          log(`${sources} sources: ${label} (${repetitions.warmupRounds} warm-up + ${repetitions.measuredRounds} measured cycles${withFloor ? ', taking turns with the floor' : ''})`);
          let veille: CycleCaseResult;
          let floor: FloorResult | undefined;
          if (withFloor) {
            [veille, floor] = await runInTurns<CycleCaseResult, FloorResult>(task, floorTask);
            collected.floors.push({ sources, result: floor });
            floorDone = true;
            logRounds('floor', floor);
          } else {
            veille = await runStepped<CycleCaseResult>(task);
          }
          const row: CycleRow = { sources, mix: mix.id, label, pauseMs, veille, ...(floor === undefined ? {} : { tookTurnsWithFloor: true }) };
          collected.cycles.push(row);
          logRounds('veille', veille);
          if (veille.connectionsPerCycle !== undefined) log(`  connections opened per cycle: ${veille.connectionsPerCycle.join(' ')}`);
          if (floor !== undefined && veille.rounds !== undefined) {
            const pairs = pairedRatios(veille.rounds, floor.rounds).map((ratio) => ratio.toFixed(2)).join(' ');
            log(`  veille/floor CPU: ${floorRatio(row, floor)?.toFixed(3) ?? '?'} over the measured rounds; per pair of rounds: ${pairs}`);
          }
          await rm(caseDir, { recursive: true, force: true });
        });
      }
    }
    // The references keep no state: every fetch is a full 200 whatever the mix.
    if (options.parts.has('floor') && !floorDone) {
      await attempt(`floor ${sources}`, async () => {
        await prepareServer(server, sources, 'half');
        log(`${sources} sources: floor alone (${expensive.warmupRounds} warm-up + ${expensive.measuredRounds} measured passes)`);
        const floor = await runStepped<FloorResult>(floorTask);
        collected.floors.push({ sources, result: floor });
        logRounds('floor', floor);
      });
    }
    if (options.parts.has('naive') && sources <= options.naiveMax) {
      await attempt(`naive ${sources}`, async () => {
        await prepareServer(server, sources, 'half');
        log(`${sources} sources: naive loop`);
        const naive = await runInWorker<NaiveResult>({ kind: 'naive', ports: server.ports, sources, warmupSources: Math.min(sources, options.naiveWarmupSources), ...withProfile(`naive-${sources}`) });
        collected.naives.push({ sources, result: naive });
        log(`  ${(naive.measurement.wallMs / 1000).toFixed(2)} s wall, ${(naive.measurement.cpuMs / sources).toFixed(3)} ms CPU/source`);
      });
    }
    await rm(workDir, { recursive: true, force: true });
  }
}

function steadyTask(
  mix: Mix,
  at: { sources: number; seedDb: string; caseDir: string; pauseMs: number; repetitions: Repetitions; ports: readonly number[]; concurrency: number; profileFile?: string },
): VeilleSteadyTask {
  return {
    kind: 'veille-steady',
    ports: at.ports,
    sources: at.sources,
    concurrency: at.concurrency,
    seedDb: at.seedDb,
    workDir: at.caseDir,
    validators: mix.validators,
    ...(mix.change === undefined ? {} : { change: { every: mix.change.every, newItems: mix.change.newItems } }),
    repetitions: at.repetitions,
    pauseMs: at.pauseMs,
    ...(at.profileFile === undefined ? {} : { profileFile: at.profileFile }),
  };
}
