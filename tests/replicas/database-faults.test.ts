import { describe, expect, it } from 'vitest';
import { rss } from '../helpers/rss.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { WEBHOOKS, accepted, seededCount, serveAll, startWorld, until as untilHolds } from './replica-harness.js';

/**
 * PostgreSQL unreachable at start and in the middle of a cycle (a TCP proxy on loopback in front of
 * 127.0.0.1:5432, turned off and on by the test): the replica logs it, `/readyz` says not ready, it
 * tries again and carries on by itself once the database is back. No exit, nothing lost or doubled.
 */

const tempDir = useTempDirs();
const SOURCES = 5;

/** `until`, failing at once (with its last output) if the replica exits: it must never crash. */
let watched: SpawnedCli | undefined;
async function until(predicate: () => boolean | Promise<boolean>): Promise<void> {
  await untilHolds(async () => {
    if (watched !== undefined && (watched.child.exitCode !== null || watched.child.signalCode !== null)) {
      throw new Error(`the replica exited (${watched.child.exitCode ?? watched.child.signalCode}):\n${watched.stderr().split('\n').slice(-30).join('\n')}`);
    }
    return predicate();
  });
}

const logged = (replica: SpawnedCli, msg: string) => logLines(replica.stderr()).filter((line) => line['msg'] === msg);
const status = async (url: string) => (await fetch(url)).status;

describe('veille run when PostgreSQL goes away', () => {
  it('waits for the database at start, goes unready while it is lost mid-cycle, recovers by itself, and delivers everything once', async () => {
    const database = await createTestDatabase();
    const target = new URL(database.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, { startDown: true });
    const viaProxy = new URL(database.url);
    viaProxy.port = String(proxy.port);
    const world = await startWorld(await tempDir(), viaProxy.toString(), SOURCES);
    const replica = spawnCli(['run', '--config', world.dir, '--http', '0'], world.env);
    watched = replica;
    try {
      // 1. At start the database is unreachable: the replica waits (alive, not ready) and says why.
      await replica.waitFor(() => logged(replica, 'database unreachable; trying again').length >= 2, 'two attempts to reach the database');
      const url = String(logged(replica, 'http endpoint listening')[0]?.['url']);
      expect(await status(`${url}/readyz`)).toBe(503);
      expect(replica.child.exitCode).toBeNull();

      // 2. The database comes: the replica migrates it, seeds every source, turns ready.
      await proxy.up();
      await until(async () => (await seededCount(database.url)) === SOURCES);
      await until(async () => (await status(`${url}/readyz`)) === 200);

      // 3. News, and the database goes away while the cycle reads the feeds.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const item = (n: number) => ({ title: `Huawei news ${n}`, link: `https://news.example/s001/${n}`, guid: `s001-${n}`, published: new Date(Date.now() - (10 - n) * 60_000).toISOString() });
      world.served.get('s001')?.unshift(item(1), item(2));
      serveAll(world);
      world.feeds.set('/s001.xml', { body: rss('s001', world.served.get('s001') ?? []), etag: true, hold: () => held });
      // The read of s001 is under way (claimed, its answer held back): the cycle is in the middle.
      const claimsBefore = logged(replica, 'claimed this source for this tick').filter((line) => line['source'] === 's001').length;
      await until(() => logged(replica, 'claimed this source for this tick').filter((line) => line['source'] === 's001').length > claimsBefore);
      await proxy.down();
      release();
      await until(async () => (await status(`${url}/readyz`)) === 503);
      await until(() => logLines(replica.stderr()).some((line) => Number(line['level']) >= 40 && /unreachable|ECONNREFUSED|terminated|connect/i.test(JSON.stringify(line))));
      expect(replica.child.exitCode).toBeNull();

      // 4. Back: the replica carries on by itself; both items reach both webhooks exactly once.
      serveAll(world);
      await proxy.up();
      await until(() => WEBHOOKS.every((webhook) => accepted(world, webhook).length >= 2));
      await until(async () => (await status(`${url}/readyz`)) === 200);
      const ticks = logged(replica, 'cycle finished').length;
      await until(() => logged(replica, 'cycle finished').length > ticks + 1);
      for (const webhook of WEBHOOKS) expect(accepted(world, webhook)).toEqual(['https://news.example/s001/1', 'https://news.example/s001/2']);

      replica.child.kill('SIGTERM');
      expect(await replica.exited).toEqual({ code: 0, signal: null });
    } finally {
      replica.child.kill('SIGKILL');
      await proxy.close();
      await world.close();
      await database.drop();
    }
  }, 120_000);
});
