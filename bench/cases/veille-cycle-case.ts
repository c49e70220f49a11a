import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../../src/main.js';
import type { ValidatorProfile } from '../server/feed-catalog.js';
import { benchConfig, benchSources, loadDefaultWatchRule } from '../support/bench-config.js';
import { collectGarbage, measure } from '../support/measure.js';
import { startProfiler, type ProfileSummary } from '../support/profile-summary.js';
import { silentLogger } from '../support/silent-logger.js';
import type { CycleCaseResult, VeilleSeedTask, VeilleSteadyTask } from './case-types.js';
import { cycleCounts } from './cycle-counts.js';

const dropLines = (): void => {};
const sizeOf = (path: string): number => (statSync(path, { throwIfNoEntry: false })?.size ?? 0) + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);

/** The seeding cycle: the first read of every source, which records the items and posts nothing. */
export async function runSeedCase(task: VeilleSeedTask): Promise<CycleCaseResult> {
  const rule = await loadDefaultWatchRule();
  const config = benchConfig({ sources: benchSources(task.ports, task.sources), rule, concurrency: task.concurrency });
  collectGarbage();
  const opened = performance.now();
  const app = createApp(config, { dbPath: task.dbPath, logger: silentLogger, write: dropLines });
  const startupMs = performance.now() - opened;
  let result: CycleCaseResult;
  try {
    const { value: report, measurement } = await measure(() => app.runCycle());
    result = { measurement, counts: cycleCounts(report), startupMs };
  } finally {
    await app.close();
  }
  return { ...result, dbBytes: sizeOf(task.dbPath) };
}

/**
 * One steady-state cycle, as `veille once` runs it on a seeded state file: a copy of the seed is
 * given the validators of this case, a warm-up cycle on another copy (first `warmupSources`
 * sources) lets V8 compile the hot paths, then the full cycle is measured.
 */
export async function runSteadyCase(task: VeilleSteadyTask): Promise<CycleCaseResult> {
  const rule = await loadDefaultWatchRule();
  const measuredDb = join(task.workDir, 'measured.db');
  const warmupDb = join(task.workDir, 'warmup.db');
  for (const path of [measuredDb, warmupDb]) {
    copyFileSync(task.seedDb, path);
    applyValidatorProfile(path, task.validators);
  }

  const allSources = benchSources(task.ports, task.sources);
  collectGarbage();
  const warmupApp = createApp(benchConfig({ sources: allSources.slice(0, task.warmupSources), rule, concurrency: task.concurrency }), {
    dbPath: warmupDb,
    logger: silentLogger,
    write: dropLines,
  });
  let warmup;
  try {
    warmup = cycleCounts(await warmupApp.runCycle());
  } finally {
    await warmupApp.close();
  }

  const opened = performance.now();
  const config = benchConfig({ sources: allSources, rule, concurrency: task.concurrency });
  const app = createApp(config, {
    dbPath: measuredDb,
    logger: silentLogger,
    write: dropLines,
  });
  const startupMs = performance.now() - opened;
  try {
    const stopProfiler = task.profileFile === undefined ? undefined : await startProfiler(task.profileFile);
    const { value: report, measurement } = await measure(() => app.runCycle());
    const profile: ProfileSummary | undefined = await stopProfiler?.();
    const pruneCpu = process.cpuUsage();
    const pruneStarted = performance.now();
    await app.store.prune(new Date(Date.now() - config.settings.retentionMs).toISOString());
    const pruneWallMs = performance.now() - pruneStarted;
    const pruneUsed = process.cpuUsage(pruneCpu);
    const prune = { wallMs: pruneWallMs, cpuMs: (pruneUsed.user + pruneUsed.system) / 1000 };
    return { measurement, counts: cycleCounts(report), startupMs, warmup, prune, dbBytes: sizeOf(measuredDb), ...(profile === undefined ? {} : { profile }) };
  } finally {
    await app.close();
  }
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
