import { describe, expect, it } from 'vitest';
import type { TestItem } from '../helpers/rss.js';
import type { SourceStatus } from '../../src/cli/source-status.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { WEBHOOKS, accepted, claimsLogged, readsPerSource, seededCount, serveAll, startReplica, startWorld, ticksFinished, until, type World } from './replica-harness.js';

/**
 * Must-show of issue 13: replicas of `veille run` (the built bin, `npm run build` first) on one fresh
 * PostgreSQL database share the work. Run with `npx vitest run tests/replicas`.
 */

const tempDir = useTempDirs();
const SOURCES = 40;
const start = Date.now();

/** `count` new matching items for `source`, published `phase` hours ago... in the order they must be posted. */
function newItems(world: World, phase: number, sources: readonly string[]): TestItem[] {
  const items: TestItem[] = [];
  sources.forEach((source, index) => {
    const item: TestItem = {
      title: `Huawei phase ${phase} item ${index} (${source})`,
      link: `https://news.example/${source}/p${phase}-${index}`,
      guid: `${source}-p${phase}-${index}`,
      // Oldest first in posting order: a distinct second each, all within the last hour.
      published: new Date(start - 3_600_000 + phase * 60_000 + index * 1_000).toISOString(),
    };
    world.served.get(source)?.unshift(item);
    items.push(item);
  });
  serveAll(world);
  return items;
}

/** SIGTERM: each replica finishes what it sends and exits 0. */
async function stopAll(replicas: readonly SpawnedCli[]): Promise<void> {
  for (const replica of replicas) replica.child.kill('SIGTERM');
  expect(await Promise.all(replicas.map((replica) => replica.exited))).toEqual(replicas.map(() => ({ code: 0, signal: null })));
}

/** Debug lines `delivered` a replica logged for `destination`. */
const deliveredBy = (replica: SpawnedCli, destination: string) =>
  logLines(replica.stderr()).filter((line) => line['msg'] === 'delivered' && line['destination'] === destination).length;

/** The first of each link, in order: what the channel shows once duplicates are set aside. */
const firstOfEach = (links: readonly string[]) => links.filter((link, index) => links.indexOf(link) === index);

const errorsOf = (replica: SpawnedCli) => logLines(replica.stderr()).filter((line) => Number(line['level']) >= 50);

describe('replicas of veille run on one PostgreSQL database', () => {
  it('three replicas: each source read once per tick, each matching item posted once per destination, in order', async () => {
    const database = await createTestDatabase();
    const world = await startWorld(await tempDir(), database.url, SOURCES);
    const replicas = [startReplica(world), startReplica(world), startReplica(world)];
    try {
      await until(async () => (await seededCount(database.url)) === SOURCES);
      const expected: string[] = [];
      // Three rounds of news: two sources, then five, then one per replica's worth of the list.
      for (const [phase, picked] of [[1, ['s003', 's017']], [2, ['s001', 's010', 's022', 's030', 's039']], [3, ['s005', 's025', 's035']]] as const) {
        expected.push(...newItems(world, phase, picked).map((item) => item.link ?? ''));
        await until(() => WEBHOOKS.every((webhook) => accepted(world, webhook).length >= expected.length));
      }
      // Stop right after a tick every replica finished, so that no read is cut short.
      const finished = (replica: SpawnedCli) => new Set(ticksFinished(replica));
      const before = Math.max(...replicas.map((replica) => ticksFinished(replica).length));
      await until(() => replicas.every((replica) => ticksFinished(replica).length > before));
      await stopAll(replicas);

      for (const webhook of WEBHOOKS) expect(accepted(world, webhook)).toEqual(expected);
      expect(world.discord.requests.flatMap((request) => request.schemaErrors)).toEqual([]);

      // Each source was claimed at most once per tick, and read once per claim (feed server's log).
      const claims = claimsLogged(replicas);
      const perTick = new Map<string, number>();
      for (const claim of claims) perTick.set(`${claim.source} ${claim.tick}`, (perTick.get(`${claim.source} ${claim.tick}`) ?? 0) + 1);
      expect([...perTick.values()].filter((count) => count !== 1)).toEqual([]);
      const claimsPerSource = new Map(world.sources.map((source) => [source, claims.filter((claim) => claim.source === source).length]));
      expect(readsPerSource(world)).toEqual(claimsPerSource);
      // Every tick a replica served to the end read every source (by one replica or another).
      const served = new Set(replicas.flatMap((replica) => [...finished(replica)]));
      expect(served.size).toBeGreaterThanOrEqual(4);
      for (const tick of served) expect(claims.filter((claim) => claim.tick === tick).length).toBe(SOURCES);
      // The work was shared: more than one replica read sources.
      expect(new Set(claims.map((claim) => claim.replica)).size).toBeGreaterThan(1);
      expect(replicas.flatMap(errorsOf)).toEqual([]);

      // `veille sources` says which replica read each source last: the one that claimed it last.
      const ids = replicas.map((replica) => String(logLines(replica.stderr()).find((line) => line['msg'] === 'veille started')?.['replica']));
      expect(new Set(claims.map((claim) => claim.replica))).toEqual(new Set(ids));
      const listing = spawnCli(['sources', '--config', world.dir, '--json'], world.env);
      expect(await listing.exited).toEqual({ code: 0, signal: null });
      const lastClaim = new Map(claims.sort((a, b) => a.tick.localeCompare(b.tick)).map((claim) => [claim.source, claim.replica]));
      expect((JSON.parse(listing.stdout()) as SourceStatus[]).map((status) => [status.name, status.lastReadBy])).toEqual(world.sources.map((source) => [source, lastClaim.get(source)]));
    } finally {
      for (const replica of replicas) replica.child.kill('SIGKILL');
      await world.close();
      await database.drop();
    }
  }, 120_000);

  it('SIGKILL of the replica sending: the others take over its sources and destinations, nothing lost, at most one duplicate per webhook', async () => {
    const database = await createTestDatabase();
    const world = await startWorld(await tempDir(), database.url, SOURCES);
    const replicas = [startReplica(world), startReplica(world), startReplica(world)];
    try {
      await until(async () => (await seededCount(database.url)) === SOURCES);
      const expected = newItems(world, 1, ['s002', 's020']).map((item) => item.link ?? '');
      await until(() => WEBHOOKS.every((webhook) => accepted(world, webhook).length >= expected.length));

      // Six items: more than Discord's five per two seconds, so sending them takes a while.
      const sentBefore = replicas.map((replica) => deliveredBy(replica, 'alpha'));
      expected.push(...newItems(world, 2, ['s004', 's011', 's018', 's026', 's033', 's038']).map((item) => item.link ?? ''));
      let victimIndex = -1;
      await until(() => {
        victimIndex = replicas.findIndex((replica, index) => deliveredBy(replica, 'alpha') > (sentBefore[index] ?? 0));
        return victimIndex >= 0;
      });
      const victim = replicas[victimIndex] as SpawnedCli;
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
      const survivors = replicas.filter((replica) => replica !== victim);
      const victimClaims = claimsLogged([victim]);
      const lastTick = victimClaims.at(-1)?.tick ?? '';
      const heldAtDeath = new Set(victimClaims.filter((claim) => claim.tick === lastTick).map((claim) => claim.source));

      // News after the kill, among others in sources the dead replica read last.
      const late = [...heldAtDeath].slice(0, 2);
      expected.push(...newItems(world, 3, [...late, 's039'].filter((source, index, all) => all.indexOf(source) === index)).map((item) => item.link ?? ''));
      await until(() => WEBHOOKS.every((webhook) => firstOfEach(accepted(world, webhook)).length >= expected.length));
      // One more tick of each survivor after that: a late duplicate would show.
      const before = survivors.map((replica) => ticksFinished(replica).length);
      await until(() => survivors.every((replica, index) => ticksFinished(replica).length > (before[index] ?? 0) + 1));
      await stopAll(survivors);

      for (const webhook of WEBHOOKS) {
        const links = accepted(world, webhook);
        expect(firstOfEach(links)).toEqual(expected);
        // The item in flight when the replica died may be sent again by the one taking over (webhooks take no idempotency key).
        expect(links.length - expected.length).toBeLessThanOrEqual(1);
      }
      // The survivors read the sources the dead replica held, at later ticks.
      expect(heldAtDeath.size).toBeGreaterThan(0);
      const takenOver = new Set(claimsLogged(survivors).filter((claim) => claim.tick > lastTick).map((claim) => claim.source));
      expect([...heldAtDeath].filter((source) => !takenOver.has(source))).toEqual([]);
      expect(survivors.flatMap(errorsOf)).toEqual([]);
    } finally {
      for (const replica of replicas) replica.child.kill('SIGKILL');
      await world.close();
      await database.drop();
    }
  }, 120_000);
});
