import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { readRuntimeEnv } from '../../../src/config/runtime-env.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/deliver/retry-policy.js';
import { createApp, openApp } from '../../../src/main.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { writeConfigDir } from '../../helpers/config-dir.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { rss, type TestItem } from '../../helpers/rss.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { silentLogger } from '../../helpers/silent-logger.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { createTestClock } from '../../helpers/test-clock.js';
import { useTestDatabase } from '../../helpers/test-database.js';

const tempDir = useTempDirs();
const database = useTestDatabase();
const WEBHOOK = { id: '112233445566778899', token: 'webhook-token-SECRET' };
const UNAVAILABLE = { status: 503, body: { message: 'Service Unavailable', code: 0 } };

let feeds: FeedServer;
let discord: FakeDiscord;
beforeEach(async () => {
  feeds = await startFeedServer();
  discord = await startFakeDiscord({ webhooks: [WEBHOOK] });
});
afterEach(async () => {
  await Promise.all([feeds.close(), discord.close()]);
});

/** The titles Discord accepted, in the order it accepted them. */
function postedTitles(): string[] {
  return discord.created.map((message) => {
    const embed = (message as { embeds?: { title?: string }[] }).embeds?.[0];
    return embed?.title ?? JSON.stringify(message);
  });
}

describe('veille migrate-state: a SQLite state moved to PostgreSQL', () => {
  it('the next cycle, on PostgreSQL, posts nothing old and sends the pending entries', async () => {
    const root = await tempDir();
    const clock = createTestClock(new Date(Date.now() - 3_600_000).toISOString());
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();
    const old: TestItem[] = [
      { title: 'Huawei : un ancien article', link: 'https://news.example/old-1', published: at(-120) },
      { title: 'Sans rapport', link: 'https://news.example/old-2', published: at(-110) },
    ];
    const posted: TestItem = { title: 'Huawei : déjà publié', link: 'https://news.example/posted', published: at(-60) };
    const pending: TestItem[] = [
      { title: 'Huawei : en attente 1', link: 'https://news.example/pending-1', published: at(-30) },
      { title: 'Huawei : en attente 2', link: 'https://news.example/pending-2', published: at(-20) },
    ];
    const fresh: TestItem = { title: 'Huawei : tout nouveau', link: 'https://news.example/fresh', published: at(-5) };
    const publish = (items: readonly TestItem[]) => feeds.set('/a.xml', { body: rss('A', items) });
    const dir = await writeConfigDir(root, {
      sources: [{ name: 'A', url: feeds.url('/a.xml') }],
      watches: [{ name: 'cloud', rule: ['Huawei'], to: ['discord'] }],
      extra: 'destinations:\n  discord:\n    type: discord\n    webhook_url: ${DISCORD_WEBHOOK_URL}\n',
    });
    const env = { VEILLE_DISCORD_API: discord.apiBase, DISCORD_WEBHOOK_URL: `https://discord.com/api/webhooks/${WEBHOOK.id}/${WEBHOOK.token}` };
    const config = await loadConfig(dir, readRuntimeEnv(env));
    const retry = { ...DEFAULT_RETRY_POLICY, random: () => 0.5 };
    const dbPath = join(root, 'veille.db');

    // Real cycles on the SQLite file: seed, post one item, then two that Discord refuses (503).
    const sqlite = createApp(config, { dbPath, logger: silentLogger, write: () => {}, clock, retry });
    try {
      publish(old);
      expect(await sqlite.runCycle()).toMatchObject({ seeded: 1, enqueued: 0, delivered: 0 });
      publish([posted, ...old]);
      expect(await sqlite.runCycle()).toMatchObject({ enqueued: 1, delivered: 1, pending: 0 });
      discord.enqueue(UNAVAILABLE, UNAVAILABLE, UNAVAILABLE);
      publish([...pending, posted, ...old]);
      expect(await sqlite.runCycle()).toMatchObject({ enqueued: 2, delivered: 0, pending: 2 });
    } finally {
      await sqlite.close();
    }
    expect(postedTitles()).toEqual(['Huawei : déjà publié']);

    // The move, then a second one refused: the target is no longer empty.
    const url = await database().freshSchema();
    const moved = await runCliInProcess(['migrate-state', '--to', url], { env: { VEILLE_DB: dbPath } });
    expect(moved).toEqual({
      code: 0,
      stdout: `copied ${dbPath} to ${database().url}: 1 sources, 5 seen items, 2 pending and 1 finished deliveries, 0 disabled destinations, 0 digest items\n`,
      stderr: '',
    });
    const again = await runCliInProcess(['migrate-state'], { env: { VEILLE_DB: dbPath, VEILLE_DATABASE_URL: url } });
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: `veille migrate-state: the database ${database().url} already holds veille state (sources, seen_items, outbox); migrate-state only fills an empty database: nothing was written\n`,
    });

    // The next cycle on PostgreSQL (the SQLite path now points nowhere): the feed still lists every
    // old item, plus one new one. Only the pending entries and the new item are sent, in order.
    clock.advance(3_600_000);
    publish([fresh, ...pending, posted, ...old]);
    const elsewhere = join(root, 'not-used', 'veille.db');
    const postgres = await openApp(config, { dbPath: elsewhere, databaseUrl: url, logger: silentLogger, write: () => {}, clock, retry });
    try {
      expect(postgres.store).toBeInstanceOf(PostgresStore);
      expect(await postgres.runCycle()).toMatchObject({ newItems: 1, enqueued: 1, delivered: 3, pending: 0, failed: 0 });
      expect(await postgres.runCycle()).toMatchObject({ newItems: 0, enqueued: 0, delivered: 0, pending: 0 });
      expect((await postgres.store.getSource('A'))?.itemsSeen).toBe(6);
    } finally {
      await postgres.close();
    }
    expect(postedTitles()).toEqual(['Huawei : déjà publié', 'Huawei : en attente 1', 'Huawei : en attente 2', 'Huawei : tout nouveau']);
    expect(existsSync(elsewhere)).toBe(false);
  });

  it('copies the items collected for digests, their state and the last period of each pair', async () => {
    const root = await tempDir();
    const dbPath = join(root, 'veille.db');
    const digest = { destination: 'discord', watch: 'cloud', terms: ['Huawei'], digest: true } as const;
    const item = (id: string) => ({ id, storyKey: `https://news.example/${id}`, source: 'A', title: `Huawei ${id}`, link: `https://news.example/${id}`, summary: '', categories: [], published: '2025-03-01T09:00:00.000Z', publishedFromFeed: true });
    const sqlite = openSqliteStore(dbPath);
    try {
      await sqlite.commitSourceSuccess({ source: 'A', url: 'https://a.example/feed.xml', at: '2025-03-01T10:00:00.000Z', validators: {}, items: ['a', 'b'].map((id) => ({ item: item(id), deliveries: [digest] })) });
      const claimed = await sqlite.claimDigest('cloud', 'discord', '2025-03-02T07:00:00.000Z');
      await sqlite.finishDigestEntries([claimed[0]?.id ?? -1], { at: '2025-03-02T07:00:01.000Z', state: 'sent' });
      await sqlite.commitSourceSuccess({ source: 'A', url: 'https://a.example/feed.xml', at: '2025-03-02T10:00:00.000Z', validators: {}, items: [{ item: item('c'), deliveries: [digest] }] });
    } finally {
      await sqlite.close();
    }
    const url = await database().freshSchema();
    const moved = await runCliInProcess(['migrate-state', '--to', url], { env: { VEILLE_DB: dbPath } });
    expect(moved.stdout).toMatch(/, 0 disabled destinations, 3 digest items\n$/);
    const { openPostgresStore } = await import('../../../src/store/postgres/postgres-store.js');
    const postgres = await openPostgresStore(url);
    try {
      expect((await postgres.listDigestEntries('cloud', 'discord')).map((entry) => [entry.item.id, entry.state, entry.period ?? null])).toEqual([
        ['a', 'claimed', '2025-03-02T07:00:00.000Z'],
        ['c', 'waiting', null],
      ]);
      expect(await postgres.lastDigestPeriod('cloud', 'discord')).toBe('2025-03-02T07:00:00.000Z');
      await postgres.commitSourceSuccess({ source: 'A', url: 'https://a.example/feed.xml', at: '2025-03-02T11:00:00.000Z', validators: {}, items: [{ item: item('d'), deliveries: [digest] }] });
      expect((await postgres.claimDigest('cloud', 'discord', '2025-03-03T07:00:00.000Z')).map((entry) => entry.item.id)).toEqual(['a', 'd', 'c']);
    } finally {
      await postgres.close();
    }
  });

  it.each([
    { case: 'no target', args: ['migrate-state'], env: {}, stderr: /name the target with --to postgres:\/\// },
    { case: 'a target that is not PostgreSQL', args: ['migrate-state', '--to', 'mysql://x@h/db'], env: {}, stderr: /name the target with --to postgres:\/\// },
    { case: 'no state file', args: ['migrate-state', '--to', 'postgres://u@127.0.0.1:9/x'], env: {}, stderr: /no state file at .*missing\.db \(VEILLE_DB\): nothing to move/ },
  ])('exits 2 with $case', async ({ args, env, stderr }) => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: 'https://a.example/feed.xml' }] });
    const result = await runCliInProcess([...args, '--config', dir], { env: { VEILLE_DB: join(root, 'missing.db'), ...env } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(stderr);
    expect(existsSync(join(root, 'missing.db'))).toBe(false);
  });
});
