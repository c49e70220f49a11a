import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Clock } from '../../src/clock/clock.js';
import { createApp } from '../../src/main.js';
import { connectFeedServer } from '../server/feed-server-client.js';
import { benchConfig, benchSources, loadDefaultWatchRule } from '../support/bench-config.js';
import { silentLogger } from '../support/silent-logger.js';
import type { StateSizePoint, StateSizeResult, StateSizeTask } from './case-types.js';

const fileSize = (path: string): number => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

/** A clock that only moves when told: cycles `intervalMs` apart without waiting for them. */
function steppedClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => new Date(now),
    sleep: async () => {},
    advance(ms) {
      now += ms;
    },
  };
}

/**
 * K real cycles, each with `newItems` new items on every source, on simulated time (`intervalMs`
 * apart, the feed server dates the items at the same simulated time). After each cycle: file sizes
 * and row counts, read on a second, read-only connection.
 */
export async function runStateSizeCase(task: StateSizeTask): Promise<StateSizeResult> {
  const server = connectFeedServer(task.ports);
  const rule = await loadDefaultWatchRule();
  const clock = steppedClock(Date.now());
  const config = benchConfig({ sources: benchSources(task.ports, task.sources), rule, retentionMs: task.retentionMs });
  const app = createApp(config, { dbPath: task.dbPath, logger: silentLogger, write: () => {}, clock });
  const points: StateSizePoint[] = [];
  let itemsSeen = 0;
  try {
    for (let cycle = 0; cycle <= task.cycles; cycle += 1) {
      if (cycle > 0) {
        clock.advance(task.intervalMs);
        await server.advance({ every: 1, offset: 0, newItems: task.newItems, at: clock.now().getTime() });
      }
      const report = await app.runCycle();
      if (report.failed > 0) throw new Error(`state-size cycle ${cycle}: ${report.failed} sources failed`);
      itemsSeen += report.newItems;
      points.push({ cycle, itemsSeen, ...inspect(task.dbPath) });
    }
  } finally {
    await app.close();
  }
  return { retentionMs: task.retentionMs, points, bytesByObject: bytesByObject(task.dbPath) };
}

function bytesByObject(dbPath: string): { name: string; bytes: number }[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[], { name: string; bytes: number }>('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC').all();
  } catch {
    return []; // dbstat not compiled in
  } finally {
    db.close();
  }
}

function inspect(dbPath: string): Omit<StateSizePoint, 'cycle' | 'itemsSeen'> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const pragma = (name: string): number => Number(db.pragma(name, { simple: true }));
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all();
    const rowsByTable: Record<string, number> = {};
    for (const table of tables) rowsByTable[table] = Number(db.prepare(`SELECT COUNT(*) FROM "${table.replaceAll('"', '""')}"`).pluck().get());
    const pageSize = pragma('page_size');
    const pages = pragma('page_count');
    return {
      dbFileBytes: fileSize(dbPath),
      walFileBytes: fileSize(`${dbPath}-wal`),
      logicalBytes: pages * pageSize,
      liveBytes: (pages - pragma('freelist_count')) * pageSize,
      seenItems: rowsByTable['seen_items'] ?? 0,
      rowsByTable,
    };
  } finally {
    db.close();
  }
}
