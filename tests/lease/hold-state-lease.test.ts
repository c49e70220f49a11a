import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StateInUseError } from '../../src/errors/state-in-use-error.js';
import { holdStateLease } from '../../src/lease/hold-state-lease.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestClock } from '../helpers/test-clock.js';
import { silentLogger } from '../helpers/silent-logger.js';

const tempDir = useTempDirs();
const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** Writes a lease row as another process would have. */
function plantLease(path: string, holder: { pid: number; host: string }, expiresAt: string): void {
  const db = new Database(path);
  db.prepare('INSERT OR REPLACE INTO lease (id, owner, pid, host, expires_at) VALUES (1, ?, ?, ?, ?)').run('other', holder.pid, holder.host, expiresAt);
  db.close();
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

async function open() {
  const path = join(await tempDir(), 'state.db');
  const store = openSqliteStore(path);
  stores.push(store);
  return { path, store };
}

const clock = createTestClock('2026-11-23T12:00:00.000Z');
const LATER = '2026-11-23T12:05:00.000Z';

describe('the state-file lease', () => {
  it.each([
    ['a live process on this host', () => ({ pid: process.ppid, host: hostname() }), LATER, false],
    ['a process on another host, claim not expired', () => ({ pid: 1, host: 'other-host' }), LATER, false],
    ['a process on another host, claim expired', () => ({ pid: 1, host: 'other-host' }), '2026-11-23T11:59:00.000Z', true],
    ['a process gone from this host (killed)', () => ({ pid: deadPid(), host: hostname() }), LATER, true],
    ['this very pid (a restarted container is pid 1 again)', () => ({ pid: process.pid, host: hostname() }), LATER, true],
  ])('held by %s: granted=%s', async (_name, holder, expiresAt, granted) => {
    const { path, store } = await open();
    plantLease(path, holder(), expiresAt);
    const attempt = holdStateLease(store, { clock, logger: silentLogger, path });
    if (granted) {
      const lease = await attempt;
      await lease.release();
    } else {
      await expect(attempt).rejects.toBeInstanceOf(StateInUseError);
    }
  });

  it('says who holds the file', async () => {
    const { path, store } = await open();
    plantLease(path, { pid: 4242, host: 'other-host' }, LATER);
    await expect(holdStateLease(store, { clock, logger: silentLogger, path })).rejects.toThrow(
      `state file ${path} is in use by another veille (pid 4242 on other-host); stop it first, or point this one at another state file (VEILLE_DB). If that process is gone, its claim expires at ${LATER}`,
    );
  });

  it('is released on close, so the next process gets it', async () => {
    const { path, store } = await open();
    const lease = await holdStateLease(store, { clock, logger: silentLogger, path });
    await lease.release();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM lease').get()).toEqual({ n: 0 });
    db.close();
  });

  it('veille once refuses a state file another live veille holds, and exits 1', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    await openSqliteStore(db).close();
    plantLease(db, { pid: process.ppid, host: hostname() }, '2099-01-01T00:00:00.000Z');
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: 'http://127.0.0.1:9/feed' }] });
    const result = await runCliInProcess(['once', '--config', dir], { env: { VEILLE_DB: db } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`state file ${db} is in use by another veille (pid ${process.ppid} on ${hostname()})`);
  });

  it('veille run waits for the claim of a veille on another host to expire (a replaced container), saying when, then starts', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    await openSqliteStore(db).close();
    const expiresAt = new Date(Date.now() + 6_000).toISOString();
    plantLease(db, { pid: 1, host: 'old-container-id' }, expiresAt);
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: 'http://127.0.0.1:9/feed' }] });
    const cli = spawnCli(['run', '--config', dir], { VEILLE_DB: db });
    await cli.waitFor(({ stderr }) => stderr.includes('veille started'), 'veille started');
    const lines = cli.stderr().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
    const waiting = lines.find((line) => line['level'] === 40 && String(line['msg']).startsWith('state file held by pid 1 on host old-container-id'));
    expect(waiting).toMatchObject({ path: db, pid: 1, host: 'old-container-id', expiresAt });
    expect(String(waiting?.['msg'])).toContain(`its claim frees at ${expiresAt} unless that veille is alive and renews it: waiting`);
    expect(lines.findIndex((line) => line === waiting)).toBeLessThan(lines.findIndex((line) => line['msg'] === 'veille started'));
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
  });

  it('veille run refuses, exit 1, a state file a live veille on this host holds', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    await openSqliteStore(db).close();
    plantLease(db, { pid: process.ppid, host: hostname() }, '2099-01-01T00:00:00.000Z');
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: 'http://127.0.0.1:9/feed' }] });
    const result = await runCliInProcess(['run', '--config', dir], { env: { VEILLE_DB: db } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`state file ${db} is in use by another veille (pid ${process.ppid} on ${hostname()})`);
  });
});
