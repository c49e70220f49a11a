/**
 * The postgres and replicas parts of the bench (issue 13). See docs/benchmark.md.
 *
 * - postgres: the cycle cases (seeding, all changed, 304, realistic) at each --pg-sizes, SQLite and
 *   PostgreSQL taking turns round by round (each in its fresh worker process, each on a fresh copy
 *   of its seeded state), so that the VM's drift slows both alike.
 * - replicas: one database read by 1 replica, and another by 2 replicas at once (worker processes:
 *   replicas are processes in production, and two apps in one process would share one thread, so
 *   the wall time of a tick could not show the work shared). Every tick, the feed server's request
 *   log must show each source read exactly once.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CycleCaseResult, VeilleSteadyTask } from './cases/case-types.js';
import { MIXES, type Mix, type MixId } from './plan/mixes.js';
import { repetitionsFor, type Repetitions } from './plan/repetitions.js';
import type { CycleCaseContext } from './run-cycle-cases.js';
import { prepareServer } from './run-cycle-cases.js';
import type { FeedServer } from './server/feed-server-client.js';
import { connectBenchDatabases, type BenchDatabases } from './support/bench-databases.js';
import type { RoundSample } from './support/measure-rounds.js';
import { runInWorker } from './support/run-worker.js';
import { openSteppedWorker, type SteppedWorker } from './support/stepped-worker.js';

/** The cycle cases the postgres part runs beside SQLite (seeding comes first, always). */
export const PG_MIXES: readonly MixId[] = ['changed', 'not-modified', 'realistic'];
/** The ticks the replicas part runs. */
export const REPLICA_MIXES: readonly MixId[] = ['realistic', 'changed'];

export interface EnginePair {
  readonly sqlite: CycleCaseResult;
  readonly postgres: CycleCaseResult;
}

export interface PostgresSizeResult {
  readonly sources: number;
  readonly seeding: EnginePair;
  readonly cases: readonly ({ readonly mix: MixId; readonly label: string } & EnginePair)[];
}

export interface PostgresResults {
  readonly sizes: readonly PostgresSizeResult[];
}

export interface ReplicaTick {
  /** Wall ms of the tick: 1 replica; 2 replicas (the later of the two to finish). */
  readonly oneWallMs: number;
  readonly twoWallMs: number;
  /** Process CPU ms: 1 replica; 2 replicas (sum). */
  readonly oneCpuMs: number;
  readonly twoCpuMs: number;
  /** Feed requests per source during the 2-replica tick: fewest and most (both must be 1). */
  readonly twoReadsMin: number;
  readonly twoReadsMax: number;
  readonly oneReadsMin: number;
  readonly oneReadsMax: number;
}

export interface ReplicaCase {
  readonly mix: MixId;
  readonly label: string;
  readonly sources: number;
  /** The measured ticks, in order (a warm-up tick runs before them). */
  readonly ticks: readonly ReplicaTick[];
  /** PostgreSQL backends' CPU ms per measured tick: 1 replica; 2 replicas (both replicas' backends). */
  readonly oneServerCpuMs: readonly number[];
  readonly twoServerCpuMs: readonly number[];
}

export interface ReplicaResults {
  readonly cases: readonly ReplicaCase[];
}

interface Context extends Pick<CycleCaseContext, 'server' | 'options' | 'workRoot' | 'log' | 'attempt'> {}

const databaseName = (what: string) => `veille_bench_${process.pid}_${what}`;

function steadyTask(mix: Mix, at: { server: FeedServer; sources: number; concurrency: number; seedDb: string; workDir: string; repetitions: Repetitions; databaseUrl?: string; replica?: VeilleSteadyTask['replica'] }): VeilleSteadyTask {
  return {
    kind: 'veille-steady',
    ports: at.server.ports,
    sources: at.sources,
    concurrency: at.concurrency,
    seedDb: at.seedDb,
    workDir: at.workDir,
    validators: mix.validators,
    ...(mix.change === undefined ? {} : { changedByParent: { every: mix.change.every } }),
    repetitions: at.repetitions,
    pauseMs: 0,
    ...(at.databaseUrl === undefined ? {} : { databaseUrl: at.databaseUrl }),
    ...(at.replica === undefined ? {} : { replica: at.replica }),
  };
}

/** What the parent publishes before round `round` (the workers only read). */
async function publish(server: FeedServer, mix: Mix, round: number): Promise<void> {
  if (mix.change === undefined) return;
  await server.advance({ every: mix.change.every, offset: round % mix.change.every, newItems: mix.change.newItems });
  await server.prewarm();
}

const perSource = (cpuMs: number, sources: number) => (cpuMs / sources).toFixed(3);

async function seedBoth(context: Context, databases: BenchDatabases, sources: number, seedDb: string, seedName: string): Promise<EnginePair> {
  const { server, options } = context;
  await prepareServer(server, sources, 'all');
  const sqlite = await runInWorker<CycleCaseResult>({ kind: 'veille-seed', ports: server.ports, sources, concurrency: options.concurrency, dbPath: seedDb });
  await prepareServer(server, sources, 'all');
  const databaseUrl = await databases.create(seedName);
  const postgres = await runInWorker<CycleCaseResult>({ kind: 'veille-seed', ports: server.ports, sources, concurrency: options.concurrency, dbPath: join(context.workRoot, 'unused.db'), databaseUrl });
  for (const [engine, result] of [['SQLite', sqlite], ['PostgreSQL', postgres]] as const) {
    if (result.counts.seeded !== sources || result.counts.failed > 0) throw new Error(`seeding ${sources} sources on ${engine}: ${JSON.stringify(result.counts)}`);
  }
  return { sqlite, postgres };
}

export async function runPostgresCases(context: Context): Promise<PostgresResults> {
  const { server, options, log, attempt } = context;
  const databases = await connectBenchDatabases(options.pgUrl);
  const sizes: PostgresSizeResult[] = [];
  for (const sources of options.pgSizes) {
    const workDir = join(context.workRoot, `pg-${sources}`);
    await mkdir(workDir, { recursive: true });
    const seedName = databaseName(`seed_${sources}`);
    const seedDb = join(workDir, 'seed.db');
    try {
      log(`postgres ${sources} sources: seeding SQLite, then PostgreSQL`);
      const seeding = await seedBoth(context, databases, sources, seedDb, seedName);
      log(`  seeding CPU ms/source: SQLite ${perSource(seeding.sqlite.measurement.cpuMs, sources)}, PostgreSQL ${perSource(seeding.postgres.measurement.cpuMs, sources)}`);
      const cases: PostgresSizeResult['cases'][number][] = [];
      for (const mixId of PG_MIXES) {
        const mix = MIXES[mixId];
        await attempt(`postgres ${mix.label}, ${sources}`, async () => {
          const repetitions =
            mix.id === 'changed'
              ? repetitionsFor(sources, { warmupReads: options.warmupReads, maxMeasuredRounds: options.changedRounds, measuredReads: options.changedReads, minMeasuredRounds: options.changedMinRounds })
              : repetitionsFor(sources, { warmupReads: options.warmupReads, maxMeasuredRounds: options.rounds });
          await prepareServer(server, sources, mix.validators);
          const caseName = databaseName(`case_${sources}_${mix.id.replace('-', '_')}`);
          const databaseUrl = await databases.create(caseName, seedName);
          const sqliteDir = join(workDir, `${mix.id}-sqlite`);
          const pgDir = join(workDir, `${mix.id}-pg`);
          await mkdir(sqliteDir, { recursive: true });
          await mkdir(pgDir, { recursive: true });
          log(`postgres ${sources} sources: ${mix.label} (${repetitions.warmupRounds} warm-up + ${repetitions.measuredRounds} measured cycles each, SQLite and PostgreSQL taking turns)`);
          const at = { server, sources, concurrency: options.concurrency, seedDb, repetitions };
          const workers: SteppedWorker<CycleCaseResult>[] = [];
          try {
            workers.push(await openSteppedWorker<CycleCaseResult>(steadyTask(mix, { ...at, workDir: sqliteDir })));
            workers.push(await openSteppedWorker<CycleCaseResult>(steadyTask(mix, { ...at, workDir: pgDir, databaseUrl })));
            const [sqliteWorker, pgWorker] = workers as [SteppedWorker<CycleCaseResult>, SteppedWorker<CycleCaseResult>];
            for (let round = 0; round < sqliteWorker.rounds; round += 1) {
              await publish(server, mix, round);
              // Who goes first alternates: the first reader after a publication finds a cold server cache.
              const order = round % 2 === 0 ? [sqliteWorker, pgWorker] : [pgWorker, sqliteWorker];
              for (const worker of order) await worker.round();
            }
            const sqlite = await sqliteWorker.finish();
            const postgres = await pgWorker.finish();
            cases.push({ mix: mix.id, label: mix.label, sqlite, postgres });
            const serverMs = median(postgres.serverCpuMs?.slice(repetitions.warmupRounds) ?? []);
            log(
              `  CPU ms/source, median cycle: SQLite ${perSource(sqlite.measurement.cpuMs, sources)} (${(sqlite.measurement.wallMs / 1000).toFixed(2)} s wall), ` +
                `PostgreSQL ${perSource(postgres.measurement.cpuMs, sources)} (${(postgres.measurement.wallMs / 1000).toFixed(2)} s wall) + server ${perSource(serverMs, sources)}`,
            );
          } finally {
            for (const worker of workers) worker.kill();
            await databases.drop(caseName);
            await rm(sqliteDir, { recursive: true, force: true });
            await rm(pgDir, { recursive: true, force: true });
          }
        });
      }
      sizes.push({ sources, seeding, cases });
    } finally {
      await databases.drop(seedName);
      await rm(workDir, { recursive: true, force: true });
    }
  }
  return { sizes };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

/** Fewest and most feed requests per source since the last clear; clears. */
async function readsPerSource(server: FeedServer): Promise<{ min: number; max: number }> {
  const counts = (await server.stats(true, true)).perSource ?? [];
  return { min: Math.min(...counts), max: Math.max(...counts) };
}

export async function runReplicaCases(context: Context): Promise<ReplicaResults> {
  const { server, options, log, attempt } = context;
  const databases = await connectBenchDatabases(options.pgUrl);
  const sources = options.replicaSources;
  const seedName = databaseName('replicas_seed');
  const workDir = join(context.workRoot, 'replicas');
  await mkdir(workDir, { recursive: true });
  const cases: ReplicaCase[] = [];
  try {
    log(`replicas ${sources} sources: seeding PostgreSQL`);
    await prepareServer(server, sources, 'all');
    const seedUrl = await databases.create(seedName);
    const seed = await runInWorker<CycleCaseResult>({ kind: 'veille-seed', ports: server.ports, sources, concurrency: options.concurrency, dbPath: join(workDir, 'unused.db'), databaseUrl: seedUrl });
    if (seed.counts.seeded !== sources || seed.counts.failed > 0) throw new Error(`seeding ${sources} sources: ${JSON.stringify(seed.counts)}`);
    for (const mixId of REPLICA_MIXES) {
      const mix = MIXES[mixId];
      await attempt(`replicas ${mix.label}, ${sources}`, async () => {
        const repetitions: Repetitions = { warmupRounds: 1, measuredRounds: options.replicaTicks };
        await prepareServer(server, sources, mix.validators);
        const oneName = databaseName(`replicas_one_${mix.id}`);
        const twoName = databaseName(`replicas_two_${mix.id}`);
        const oneUrl = await databases.create(oneName, seedName);
        const twoUrl = await databases.create(twoName, seedName);
        // Every replica's round r serves the tick tickBase + r s (the schedule's fire time, the same on each).
        const tickBase = Math.floor(Date.now() / 1000) * 1000;
        const at = { server, sources, concurrency: options.concurrency, seedDb: join(workDir, 'unused.db'), workDir, repetitions };
        const workers: SteppedWorker<CycleCaseResult>[] = [];
        log(`replicas ${sources} sources: ${mix.label}, 1 replica and 2 replicas taking turns (1 warm-up + ${repetitions.measuredRounds} measured ticks)`);
        try {
          const open = async (databaseUrl: string, id: string, shared: boolean) => {
            const worker = await openSteppedWorker<CycleCaseResult>(steadyTask(mix, { ...at, databaseUrl, replica: { id, tickBase, shared } }));
            workers.push(worker);
            return worker;
          };
          const one = await open(oneUrl, 'bench-solo', false);
          const first = await open(twoUrl, 'bench-a', true);
          const second = await open(twoUrl, 'bench-b', true);
          const ticks: ReplicaTick[] = [];
          for (let round = 0; round < one.rounds; round += 1) {
            await publish(server, mix, round);
            await server.stats(true);
            const runOne = async () => {
              const sample = await one.round();
              return { sample, reads: await readsPerSource(server) };
            };
            const runTwo = async () => {
              const samples: RoundSample[] = await Promise.all([first.round(), second.round()]);
              return { samples, reads: await readsPerSource(server) };
            };
            const oneFirst = round % 2 === 0;
            const a = oneFirst ? await runOne() : undefined;
            const two = await runTwo();
            const b = a ?? (await runOne());
            for (const [what, reads] of [['1 replica', b.reads], ['2 replicas', two.reads]] as const) {
              if (reads.min !== 1 || reads.max !== 1) throw new Error(`${what}, tick ${round}: a source was read ${reads.min === 1 ? reads.max : reads.min} times (each must be read exactly once)`);
            }
            const tick: ReplicaTick = {
              oneWallMs: b.sample.wallMs,
              twoWallMs: Math.max(...two.samples.map((sample) => sample.wallMs)),
              oneCpuMs: b.sample.cpuMs,
              twoCpuMs: two.samples.reduce((sum, sample) => sum + sample.cpuMs, 0),
              oneReadsMin: b.reads.min,
              oneReadsMax: b.reads.max,
              twoReadsMin: two.reads.min,
              twoReadsMax: two.reads.max,
            };
            if (round >= repetitions.warmupRounds) ticks.push(tick);
            log(`  tick ${round}${round < repetitions.warmupRounds ? ' (warm-up)' : ''}: 1 replica ${tick.oneWallMs.toFixed(0)} ms wall, 2 replicas ${tick.twoWallMs.toFixed(0)} ms wall; reads per source ${tick.twoReadsMin}..${tick.twoReadsMax}`);
          }
          const oneResult = await one.finish();
          const firstResult = await first.finish();
          const secondResult = await second.finish();
          const measured = (result: CycleCaseResult) => result.serverCpuMs?.slice(repetitions.warmupRounds) ?? [];
          // Each replica's probe sees every backend of the shared database: the first one's numbers cover both.
          void secondResult;
          cases.push({ mix: mix.id, label: mix.label, sources, ticks, oneServerCpuMs: measured(oneResult), twoServerCpuMs: measured(firstResult) });
        } finally {
          for (const worker of workers) worker.kill();
          await databases.drop(oneName);
          await databases.drop(twoName);
        }
      });
    }
  } finally {
    await databases.drop(seedName);
    await rm(workDir, { recursive: true, force: true });
  }
  return { cases };
}
