import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { discordRateLimited } from '../helpers/fake-discord.js';
import { rss, type TestItem } from '../helpers/rss.js';
import type { SourceStatus } from '../../src/cli/source-status.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestDatabase } from '../helpers/test-database.js';
import { WEBHOOKS, accepted, betweenTicks, claimsLogged, readsPerSource, seededCount, serveAll, startReplica, startWorld, ticksFinished, until, type World } from './replica-harness.js';

/**
 * Must-show of issue 13: replicas of `veille run` (the built bin, `npm run build` first) on one fresh
 * PostgreSQL database share the work. Run with `npx vitest run tests/replicas`.
 */

const tempDir = useTempDirs();
/** Sources of the kill tests; the first test reads MANY_SOURCES. */
const SOURCES = 40;
const MANY_SOURCES = 200;
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
  it('three replicas, 200 sources, five rounds of news: each source read once per tick, each matching item posted once per destination, in order', async () => {
    const database = await createTestDatabase();
    const world = await startWorld(await tempDir(), database.url, MANY_SOURCES);
    const replicas = [startReplica(world), startReplica(world), startReplica(world)];
    try {
      await until(async () => (await seededCount(database.url)) === MANY_SOURCES);
      const expected: string[] = [];
      // Five rounds of news in sources all over the list (Discord takes 30 posts a minute per webhook),
      // each served between two ticks, so that one tick finds it.
      const rounds = [['s003', 's117'], ['s001', 's050', 's122', 's130', 's199'], ['s005', 's125'], ['s042', 's043', 's160'], ['s199', 's000']] as const;
      for (const [index, picked] of rounds.entries()) {
        const phase = index + 1;
        await betweenTicks(replicas);
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
      // Every tick a replica served to the end read every source (by one replica or another), except
      // when its reads outlast the 2-second schedule (a loaded machine, or the first reads of 200
      // sources) and ticks overlap; a source is then read once, not twice at once:
      // - its read of an earlier tick was still going on when this tick fired (its reader holds it);
      // - a later tick's cycle claimed it before this tick's cycles came to it (the newer tick reads it).
      // Both excuses are checked from the logs, not assumed.
      const served = new Set(replicas.flatMap((replica) => [...finished(replica)]));
      expect(served.size).toBeGreaterThanOrEqual(4);
      const heldUntil = cycleEnds(replicas);
      /** When the last replica serving `tick` finished its cycle of it. */
      const tickOver = (tick: string) => Math.max(...[...heldUntil].filter(([key]) => key.endsWith(` ${tick}`)).map(([, end]) => end));
      for (const tick of served) {
        const claimedAtTick = new Set(claims.filter((claim) => claim.tick === tick).map((claim) => claim.source));
        const unexcused = world.sources.filter((source) => {
          if (claimedAtTick.has(source)) return false;
          if (claims.some((claim) => claim.source === source && claim.tick > tick && claim.at <= tickOver(tick))) return false;
          const earlier = claims.filter((claim) => claim.source === source && claim.tick < tick).sort((a, b) => a.tick.localeCompare(b.tick)).at(-1);
          // Still held when the tick fired: its reader's cycle of that earlier tick had not finished.
          return earlier === undefined || (heldUntil.get(`${earlier.replica} ${earlier.tick}`) ?? Infinity) < Date.parse(tick);
        });
        expect({ tick, unexcused }).toEqual({ tick, unexcused: [] });
      }
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
  }, 180_000);
});

describe('a health notice with replicas', () => {
  it('a source that starts failing is announced once on each destination, whatever the number of replicas reading it', async () => {
    const database = await createTestDatabase();
    const world = await startWorld(await tempDir(), database.url, 10, '  alert_after: 1\n');
    const replicas = [startReplica(world), startReplica(world), startReplica(world)];
    try {
      await until(async () => (await seededCount(database.url)) === 10);
      world.feeds.set('/s003.xml', { body: 'down for maintenance', status: 503, contentType: 'text/plain' });
      const notices = (webhook: (typeof WEBHOOKS)[number]) => accepted(world, webhook).filter((link) => link === world.feeds.url('/s003.xml'));
      await until(() => WEBHOOKS.every((webhook) => notices(webhook).length >= 1));
      // Three more ticks of every replica: a second notice would show.
      const before = replicas.map((replica) => ticksFinished(replica).length);
      await until(() => replicas.every((replica, index) => ticksFinished(replica).length > (before[index] ?? 0) + 2));
      await stopAll(replicas);
      for (const webhook of WEBHOOKS) expect(notices(webhook)).toEqual([world.feeds.url('/s003.xml')]);
      expect(world.discord.requests.filter((request) => JSON.stringify(request.body).includes('Source en échec : s003')).length).toBe(WEBHOOKS.length);
    } finally {
      for (const replica of replicas) replica.child.kill('SIGKILL');
      await world.close();
      await database.drop();
    }
  }, 120_000);
});

/** Where a replica is killed: what to set up before the news, and which replica to kill once one is there. */
interface KillPoint {
  /** Before the news is served; returns what undoes it once the victim is dead. */
  readonly prepare: (world: World) => () => void;
  /** The index of the replica to kill, once one is where it must be (else -1). */
  readonly victim: (world: World, replicas: readonly SpawnedCli[], marks: readonly Marks[], databaseUrl: string) => number | Promise<number>;
}

/** What each replica had logged before the news. */
interface Marks {
  readonly delivered: number;
  readonly claims: number;
  readonly rateLimited: number;
  readonly retrying: number;
}

/** `replica tick` → when that replica logged the end of its cycle of that tick (ms). */
function cycleEnds(replicas: readonly SpawnedCli[]): Map<string, number> {
  const ends = new Map<string, number>();
  for (const replica of replicas) {
    const lines = logLines(replica.stderr());
    const id = lines.find((line) => line['msg'] === 'claimed this source for this tick')?.['replica'];
    for (const line of lines) if (line['msg'] === 'cycle finished') ends.set(`${String(id)} ${String(line['tick'])}`, Number(line['time']));
  }
  return ends;
}

const claimLines = (replica: SpawnedCli) => logLines(replica.stderr()).filter((line) => line['msg'] === 'claimed this source for this tick');
const claimedSince = (replica: SpawnedCli, mark: Marks | undefined, source: string) => claimLines(replica).slice(mark?.claims ?? 0).some((line) => line['source'] === source);
const rateLimitedBy = (replica: SpawnedCli) => logLines(replica.stderr()).filter((line) => line['msg'] === 'rate limited by the destination; waiting as asked').length;
const retryingBy = (replica: SpawnedCli) => logLines(replica.stderr()).filter((line) => line['msg'] === 'delivery failed; retrying').length;

/** Holds back the answers of `source`'s feed until the returned function is called. */
function holdFeed(world: World, source: string): () => void {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  world.feeds.set(`/${source}.xml`, { body: rss(source, world.served.get(source) ?? []), etag: true, hold: () => held });
  return () => {
    release();
    serveAll(world);
  };
}

/** Whether an outbox entry for the item with this link was committed. */
async function isQueued(databaseUrl: string, link: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return ((await client.query("SELECT 1 FROM outbox WHERE item::jsonb ->> 'link' = $1", [link])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** The news of the kill phase: the first source's item is the one the read kill points watch. */
const NEWS = ['s004', 's011', 's018', 's026', 's033', 's038'];

const KILL_POINTS: readonly (readonly [string, KillPoint])[] = [
  [
    'during the read of a feed with news (its answer held back)',
    {
      prepare: (world) => holdFeed(world, 's004'),
      victim: (_world, replicas, marks) => replicas.findIndex((replica, i) => claimedSince(replica, marks[i], 's004')),
    },
  ],
  [
    'after the news was committed, before anything was sent (another read of the tick held back)',
    {
      prepare: (world) => holdFeed(world, 's039'),
      victim: async (_world, replicas, marks, databaseUrl) => {
        const reader = replicas.findIndex((replica, i) => claimedSince(replica, marks[i], 's004'));
        const holding = replicas.some((replica, i) => claimedSince(replica, marks[i], 's039'));
        return reader >= 0 && holding && (await isQueued(databaseUrl, 'https://news.example/s004/p2-0')) ? reader : -1;
      },
    },
  ],
  [
    'while it sends the news (after a first delivery)',
    {
      prepare: () => () => undefined,
      victim: (_world, replicas, marks) => replicas.findIndex((replica, i) => deliveredBy(replica, 'alpha') > (marks[i]?.delivered ?? 0)),
    },
  ],
  [
    'during a rate-limit wait (429, retry_after 2 s)',
    {
      prepare: (world) => {
        world.discord.enqueue(discordRateLimited(2));
        return () => undefined;
      },
      victim: (_world, replicas, marks) => replicas.findIndex((replica, i) => rateLimitedBy(replica) > (marks[i]?.rateLimited ?? 0)),
    },
  ],
  [
    'during a retry backoff after a server error (500)',
    {
      prepare: (world) => {
        world.discord.enqueue({ status: 500, body: { message: 'Internal Server Error', code: 0 } });
        return () => undefined;
      },
      victim: (_world, replicas, marks) => replicas.findIndex((replica, i) => retryingBy(replica) > (marks[i]?.retrying ?? 0)),
    },
  ],
];

describe('two replicas, one killed with SIGKILL: the other takes over its sources and destinations, nothing lost, at most one duplicate per webhook', () => {
  it.each(KILL_POINTS)('%s', async (_name, point) => {
    const database = await createTestDatabase();
    const world = await startWorld(await tempDir(), database.url, SOURCES);
    const replicas = [startReplica(world), startReplica(world)];
    try {
      await until(async () => (await seededCount(database.url)) === SOURCES);
      const expected = newItems(world, 1, ['s002', 's020']).map((item) => item.link ?? '');
      await until(() => WEBHOOKS.every((webhook) => accepted(world, webhook).length >= expected.length));

      // Six items (more than Discord's five per two seconds: sending them takes a while).
      const marks: Marks[] = replicas.map((replica) => ({ delivered: deliveredBy(replica, 'alpha'), claims: claimLines(replica).length, rateLimited: rateLimitedBy(replica), retrying: retryingBy(replica) }));
      expected.push(...newItems(world, 2, NEWS).map((item) => item.link ?? ''));
      const undo = point.prepare(world);
      let victimIndex = -1;
      await until(async () => {
        victimIndex = await point.victim(world, replicas, marks, database.url);
        return victimIndex >= 0;
      });
      const victim = replicas[victimIndex] as SpawnedCli;
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
      undo();
      const survivor = replicas[1 - victimIndex] as SpawnedCli;
      const victimClaims = claimsLogged([victim]);
      const lastTick = victimClaims.at(-1)?.tick ?? '';
      const heldAtDeath = new Set(victimClaims.filter((claim) => claim.tick === lastTick).map((claim) => claim.source));
      expect(heldAtDeath.size).toBeGreaterThan(0);

      // News after the kill, in sources the dead replica read last among others.
      const late = [...[...heldAtDeath].slice(0, 2), 's039'].filter((source, index, all) => all.indexOf(source) === index);
      expected.push(...newItems(world, 3, late).map((item) => item.link ?? ''));
      await until(() => WEBHOOKS.every((webhook) => firstOfEach(accepted(world, webhook)).length >= expected.length));
      // Two more ticks of the survivor: a late duplicate would show.
      const before = ticksFinished(survivor).length;
      await until(() => ticksFinished(survivor).length > before + 1);
      await stopAll([survivor]);

      for (const webhook of WEBHOOKS) {
        const links = accepted(world, webhook);
        // Every item, none lost (one the dead replica was reading comes later, with the items of the tick that read it again).
        expect(firstOfEach(links).sort()).toEqual([...expected].sort());
        // The item in flight when the replica died may be sent again by the one taking over (webhooks take no idempotency key).
        expect(links.length - expected.length).toBeLessThanOrEqual(1);
      }
      // The survivor read the sources the dead replica held, at later ticks.
      const takenOver = new Set(claimsLogged([survivor]).filter((claim) => claim.tick > lastTick).map((claim) => claim.source));
      expect([...heldAtDeath].filter((source) => !takenOver.has(source))).toEqual([]);
      expect(errorsOf(survivor)).toEqual([]);
    } finally {
      for (const replica of replicas) replica.child.kill('SIGKILL');
      await world.close();
      await database.drop();
    }
  }, 120_000);
});
