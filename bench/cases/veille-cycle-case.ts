import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import { createApp } from '../../src/main.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { ValidatorProfile } from '../server/feed-catalog.js';
import { benchConfig, benchSources, loadDefaultWatchRule } from '../support/bench-config.js';
import { connectFeedServer } from '../server/feed-server-client.js';
import { collectGarbage, measure } from '../support/measure.js';
import { PgBackendCpu } from '../support/pg-backend-cpu.js';
import type { RoundSession } from '../support/measure-rounds.js';
import { silentLogger } from '../support/silent-logger.js';
import type { CycleCaseResult, VeilleSeedTask, VeilleSteadyTask } from './case-types.js';
import { cycleCounts } from './cycle-counts.js';
import { changedSources } from '../plan/mixes.js';

const dropLines = (): void => {};
const sizeOf = (path: string): number => (statSync(path, { throwIfNoEntry: false })?.size ?? 0) + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);

/** The seeding cycle: the first read of every source, which records the items and posts nothing. */
export async function runSeedCase(task: VeilleSeedTask): Promise<CycleCaseResult> {
  const rule = await loadDefaultWatchRule();
  const config = benchConfig({ sources: benchSources(task.ports, task.sources), rule, concurrency: task.concurrency });
  collectGarbage();
  const opened = performance.now();
  const store = task.databaseUrl === undefined ? undefined : await openPostgresStore(task.databaseUrl);
  const app = createApp(config, { dbPath: task.dbPath, logger: silentLogger, write: dropLines, ...(store === undefined ? {} : { store }) });
  const startupMs = performance.now() - opened;
  let result: CycleCaseResult;
  try {
    const { value: report, measurement } = await measure(() => app.runCycle());
    result = { measurement, counts: cycleCounts(report), startupMs };
  } finally {
    await app.close();
  }
  return task.databaseUrl === undefined ? { ...result, dbBytes: sizeOf(task.dbPath) } : result;
}


/**
 * Steady state, as a running `veille run` sees it: a copy of the seed is given the validators of
 * this case and opened once with createApp; the app then runs one cycle per round. Before each
 * cycle the feed server publishes what the mix says (nothing, 1% of the sources, all of them),
 * after the pause of the case, if any. Each cycle must read every source and parse exactly the
 * sources that changed.
 */
export async function openSteadySession(task: VeilleSteadyTask): Promise<RoundSession<CycleReport, CycleCaseResult>> {
  const rule = await loadDefaultWatchRule();
  const dbPath = join(task.workDir, 'measured.db');
  const { databaseUrl, changedByParent, replica } = task;
  if (databaseUrl === undefined) {
    copyFileSync(task.seedDb, dbPath);
    applyValidatorProfile(dbPath, task.validators);
  } else {
    await applyPostgresValidatorProfile(databaseUrl, task.validators);
  }
  const server = connectFeedServer(task.ports);
  const { change, pauseMs } = task;

  collectGarbage();
  const opened = performance.now();
  const config = benchConfig({ sources: benchSources(task.ports, task.sources), rule, concurrency: task.concurrency });
  const store = databaseUrl === undefined ? undefined : await openPostgresStore(databaseUrl);
  const app = createApp(config, { dbPath, logger: silentLogger, write: dropLines, ...(store === undefined ? {} : { store }), ...(replica === undefined ? {} : { replicaId: replica.id }) });
  const startupMs = performance.now() - opened;
  // The server's CPU for this database (PostgreSQL), round by round.
  const backends = databaseUrl === undefined ? undefined : await PgBackendCpu.open(databaseUrl);
  let backendsBefore = new Map<number, number>();
  const serverCpuMs: number[] = [];
  let changed = 0;
  const connections: number[] = [];
  return {
    async before(round) {
      // A daemon waits for its next tick between cycles.
      if (round > 0 && pauseMs > 0) await delay(pauseMs);
      if (changedByParent !== undefined) {
        changed = changedSources(task.sources, changedByParent.every, round);
      } else {
        if (change !== undefined) {
          // A different 1/every of the sources each cycle (all of them when every is 1).
          changed = await server.advance({ ...change, offset: round % change.every });
          await server.prewarm();
        }
        await server.stats(true);
      }
      if (backends !== undefined) backendsBefore = await backends.snapshot();
    },
    async after() {
      if (backends !== undefined) serverCpuMs.push(await backends.since(backendsBefore));
      if (changedByParent === undefined) connections.push((await server.stats(true)).connections);
    },
    async round(round) {
      // On PostgreSQL every cycle serves a tick of its own (replicas: the same one on each replica).
      const tick = replica !== undefined ? new Date(replica.tickBase + round * 1000) : databaseUrl === undefined ? undefined : new Date();
      const report = await app.runCycle(undefined, tick);
      const read = report.fetched + report.notModified;
      // A replica sharing the work reads its share: the parent checks every source was read once.
      if (replica?.shared === true) {
        if (report.failed > 0) throw new Error(`unexpected cycle: report ${JSON.stringify(cycleCounts(report))}`);
        return report;
      }
      if (report.failed > 0 || read !== task.sources || report.parsed !== changed) {
        throw new Error(`unexpected cycle: ${changed} sources changed, report ${JSON.stringify(cycleCounts(report))}`);
      }
      return report;
    },
    async finish(rounds) {
      try {
        const pruneCpu = process.cpuUsage();
        const pruneStarted = performance.now();
        await app.store.prune(new Date(Date.now() - config.settings.retentionMs).toISOString());
        const pruneWallMs = performance.now() - pruneStarted;
        const pruneUsed = process.cpuUsage(pruneCpu);
        await backends?.close();
        return {
          measurement: rounds.measurement,
          counts: cycleCounts(rounds.value),
          startupMs,
          rounds: { warmup: rounds.warmup, measured: rounds.samples },
          connectionsPerCycle: connections,
          prune: { wallMs: pruneWallMs, cpuMs: (pruneUsed.user + pruneUsed.system) / 1000 },
          ...(databaseUrl === undefined ? { dbBytes: sizeOf(dbPath) } : { serverCpuMs }),
          ...(rounds.profile === undefined ? {} : { profile: rounds.profile }),
        };
      } finally {
        await app.close();
      }
    },
  };
}

/**
 * The seed is taken from a server that sends validators for every source; a source that has none
 * in this case must not have any stored either (as if it had been seeded from such a server).
 */
function applyValidatorProfile(dbPath: string, profile: ValidatorProfile): void {
  if (profile === 'all') return;
  const db = new Database(dbPath);
  try {
    // Source names are `source-<index>`; 'half' keeps validators on even indexes (as the server does).
    const where = profile === 'none' ? '1' : "CAST(substr(name, 8) AS INTEGER) % 2 = 1";
    db.prepare(`UPDATE sources SET etag = NULL, last_modified = NULL WHERE ${where}`).run();
  } finally {
    db.close();
  }
}

/** applyValidatorProfile on a PostgreSQL copy of the seed. */
async function applyPostgresValidatorProfile(databaseUrl: string, profile: ValidatorProfile): Promise<void> {
  if (profile === 'all') return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const where = profile === 'none' ? 'true' : "CAST(substr(name, 8) AS integer) % 2 = 1";
    await client.query(`UPDATE sources SET etag = NULL, last_modified = NULL WHERE ${where}`);
  } finally {
    await client.end();
  }
}
