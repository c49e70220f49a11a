import pg from 'pg';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';

/**
 * Replicas of `veille run` (dist/cli.cjs) on one PostgreSQL database, with a loopback feed server
 * and two fake Discord webhooks: what the tests of tests/replicas share.
 */
export const WEBHOOKS = [
  { name: 'alpha', id: '111111111111111111', token: 'token-alpha' },
  { name: 'beta', id: '222222222222222222', token: 'token-beta' },
] as const;

/** Every two seconds; a claim lives two seconds unrenewed. */
export const SCHEDULE = '*/2 * * * * *';
export const LEASE = '2s';

export interface World {
  readonly feeds: FeedServer;
  readonly discord: FakeDiscord;
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly sources: readonly string[];
  /** Items each source serves now (newest first). */
  readonly served: Map<string, TestItem[]>;
  close(): Promise<void>;
}

/** `settings`: extra lines under `settings:` (indented by two spaces). */
export async function startWorld(root: string, databaseUrl: string, sourceCount: number, settings = ''): Promise<World> {
  const feeds = await startFeedServer();
  const discord = await startFakeDiscord({ webhooks: WEBHOOKS.map(({ id, token }) => ({ id, token })) });
  const sources = Array.from({ length: sourceCount }, (_, index) => `s${String(index).padStart(3, '0')}`);
  const served = new Map<string, TestItem[]>();
  for (const source of sources) {
    served.set(source, [{ title: `Old news of ${source}`, link: `https://news.example/${source}/old`, guid: `${source}-old`, published: new Date(Date.now() - 86_400_000).toISOString() }]);
  }
  const dir = await writeConfigDir(root, {
    sources: sources.map((name) => ({ name, url: feeds.url(`/${name}.xml`) })),
    watches: [{ name: 'cloud', rule: ['Huawei'], to: WEBHOOKS.map((webhook) => webhook.name) }],
    extra:
      `schedule: "${SCHEDULE}"\nsettings:\n  replica_lease: ${LEASE}\n  concurrency: 8\n${settings}destinations:\n` +
      WEBHOOKS.map((webhook) => `  ${webhook.name}:\n    type: discord\n    webhook_url: \${WEBHOOK_${webhook.name.toUpperCase()}}\n`).join(''),
  });
  const env: Record<string, string> = {
    VEILLE_DATABASE_URL: databaseUrl,
    VEILLE_DB: `${root}/unused.db`,
    VEILLE_DISCORD_API: discord.apiBase,
    VEILLE_LOG_LEVEL: 'debug',
    ...Object.fromEntries(WEBHOOKS.map((webhook) => [`WEBHOOK_${webhook.name.toUpperCase()}`, `https://discord.com/api/webhooks/${webhook.id}/${webhook.token}`])),
  };
  const world: World = {
    feeds,
    discord,
    dir,
    env,
    sources,
    served,
    close: async () => {
      await Promise.all([feeds.close(), discord.close()]);
    },
  };
  serveAll(world);
  return world;
}

/** Serves every source's current items (with an ETag: an unchanged feed answers 304). */
export function serveAll(world: World): void {
  for (const source of world.sources) world.feeds.set(`/${source}.xml`, { body: rss(source, world.served.get(source) ?? []), etag: true });
}

export function startReplica(world: World): SpawnedCli {
  return spawnCli(['run', '--config', world.dir], world.env);
}

/** The item links each webhook accepted (answered 2xx), in the order it received them. */
export function accepted(world: World, webhook: (typeof WEBHOOKS)[number]): string[] {
  return world.discord.requests
    .filter((request) => request.path === `/api/v10/webhooks/${webhook.id}/${webhook.token}` && request.schemaErrors.length === 0)
    .map((request) => (request.body as { embeds?: { url?: string }[] }).embeds?.[0]?.url ?? '(no link)');
}

/** Feed requests per source path. */
export function readsPerSource(world: World): Map<string, number> {
  const counts = new Map<string, number>(world.sources.map((source) => [source, 0]));
  for (const request of world.feeds.requests) {
    const source = request.path.replace(/^\/|\.xml$/g, '');
    counts.set(source, (counts.get(source) ?? 0) + 1);
  }
  return counts;
}

/** `claimed this source for this tick` lines of the replicas' logs: source, tick, replica and when (ms). */
export function claimsLogged(replicas: readonly SpawnedCli[]): { source: string; tick: string; replica: string; at: number }[] {
  return replicas.flatMap((replica) =>
    logLines(replica.stderr())
      .filter((line) => line['msg'] === 'claimed this source for this tick')
      .map((line) => ({ source: String(line['source']), tick: String(line['tick']), replica: String(line['replica']), at: Number(line['time']) })),
  );
}

/** Resolves once `predicate` holds, checking every 50 ms (the test timeout bounds the wait). */
export async function until(predicate: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Sources recorded as seeded in the database. */
export async function seededCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::integer AS n FROM sources WHERE seeded');
    return rows[0]?.n ?? 0;
  } catch {
    return 0; // not migrated yet
  } finally {
    await client.end();
  }
}

/** Every two seconds, as SCHEDULE. */
const TICK_MS = 2_000;

/**
 * Resolves early in a tick period where every replica finished its cycle of the tick that began
 * it: no read is under way, and the next tick reads whatever is served now. News served then is
 * found by one tick, as one replica would find it; news served while a tick's reads are under way
 * is split between that tick and the next, and each tick's items are sent at their tick. On a
 * machine so loaded that the replicas never finish a tick within its period, gives up waiting after
 * `patienceMs` (the test's order may then be that of two ticks).
 */
export async function betweenTicks(replicas: readonly SpawnedCli[], patienceMs = 6_000): Promise<void> {
  const deadline = Date.now() + patienceMs;
  await until(() => {
    const now = Date.now();
    const began = Math.floor(now / TICK_MS) * TICK_MS;
    if (now >= deadline) return true;
    if (now - began > TICK_MS - 300) return false;
    const tick = new Date(began).toISOString();
    return replicas.every((replica) => ticksFinished(replica).includes(tick));
  });
}

/** Ticks (ISO) whose cycle every replica in `replicas` finished. */
export function ticksFinished(replica: SpawnedCli): string[] {
  return logLines(replica.stderr())
    .filter((line) => line['msg'] === 'cycle finished')
    .map((line) => String(line['tick']));
}
