import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { readRuntimeEnv } from '../../../src/config/runtime-env.js';
import { DEFAULT_RETRY_POLICY } from '../../../src/deliver/retry-policy.js';
import { createApp, openApp } from '../../../src/main.js';
import { PostgresStore } from '../../../src/store/postgres/postgres-store.js';
import type { SourceRead, SourceReadSeries, StoryPost, StoryWindowItem } from '../../../src/store/store.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { writeConfigDir } from '../../helpers/config-dir.js';
import { T0, T1, T2, T3, feedItem } from '../helpers/store-fixtures.js';
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
      stdout: `copied ${dbPath} to ${database().url}: 1 sources, 5 seen items, 2 pending and 1 finished deliveries, 0 disabled destinations, 0 digest items, 3 story items, 1 story posts, 3 source reads\n`,
      stderr: '',
    });
    const again = await runCliInProcess(['migrate-state'], { env: { VEILLE_DB: dbPath, VEILLE_DATABASE_URL: url } });
    expect(again).toEqual({
      code: 1,
      stdout: '',
      stderr: `veille migrate-state: the database ${database().url} already holds veille state (sources, seen_items, outbox, story_items, story_posts, source_reads); migrate-state only fills an empty database: nothing was written\n`,
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
    expect(moved.stdout).toMatch(/, 0 disabled destinations, 3 digest items, 0 story items, 0 story posts, 0 source reads\n$/);
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

  it('copies the story window (order and escaped keys kept), the stories\' posts and the reads kept for the charts; new rows continue after them', async () => {
    const root = await tempDir();
    const dbPath = join(root, 'veille.db');
    const nul = 'lemagit\u0000x\\y';
    const windowItem = (storyKey: string, storyId: string, addedAt: string, overrides: Partial<StoryWindowItem> = {}): StoryWindowItem => ({
      storyKey,
      storyId,
      addedAt,
      title: `Titre ${storyKey}`,
      summary: `Résumé ${storyKey}`,
      source: 'LeMagIT',
      grouped: ['discord'],
      ...overrides,
    });
    const items: StoryWindowItem[] = [
      windowItem('https://b.example/2', 'https://b.example/2', T1),
      windowItem('https://a.example/1', 'https://b.example/2', T1, { summary: '', grouped: [], source: 'ZDNet' }),
      // PostgreSQL text holds no U+0000: keys are escaped one-to-one (texts would get U+FFFD, as the store's own writes).
      windowItem(nul, nul, T2, { title: 'Titre avec \\ barre', summary: 'Résumé', grouped: ['discord', 'slack'] }),
    ];
    const posts: StoryPost[] = [
      {
        destination: 'discord',
        storyId: 'https://b.example/2',
        ref: { messageId: '1100000000000000001' },
        lead: { item: feedItem('LeMagIT', 'b', { link: 'https://b.example/2' }), watch: 'cloud', terms: ['Huawei'], color: 0x1f6feb },
        also: [{ source: 'ZDNet', title: 'Titre https://a.example/1', link: 'https://a.example/1' }],
        updatedAt: T2,
      },
      { destination: 'slack', storyId: nul, ref: { channel: 'C0STORY', ts: '1700000000.000100' }, lead: { item: feedItem('LeMagIT', 'n'), watch: 'cloud', terms: ['Huawei'] }, also: [], updatedAt: T3 },
    ];
    const reads: SourceRead[] = [
      { source: 'LeMagIT', at: T0, durationMs: 1_250, outcome: 'failed' },
      { source: 'ZDNet', at: T1, durationMs: 80, outcome: 'not-modified' },
      { source: 'LeMagIT', at: T1, durationMs: 420, outcome: 'read' },
      { source: 'LeMagIT', at: T1, durationMs: 95, outcome: 'unchanged' },
    ];
    const sqlite = openSqliteStore(dbPath);
    let before: { items: StoryWindowItem[]; posts: (StoryPost | undefined)[]; reads: SourceReadSeries[] };
    try {
      await sqlite.addStoryItems(items.slice(0, 2));
      await sqlite.addStoryItems(items.slice(2));
      for (const post of posts) await sqlite.saveStoryPost(post);
      for (const read of reads) await sqlite.recordSourceRead(read);
      await sqlite.syncPoint(T3);
      before = {
        items: await sqlite.listStoryItems(T0),
        posts: await Promise.all(posts.map((post) => sqlite.getStoryPost(post.destination, post.storyId))),
        reads: await sqlite.listSourceReads(T0),
      };
    } finally {
      await sqlite.close();
    }
    // What the SQLite store gives back is what was written: the comparison below is not vacuous.
    expect(before.items).toEqual(items);
    expect(before.posts).toEqual(posts);
    expect(before.reads).toEqual([
      { source: 'LeMagIT', reads: [{ durationMs: 1_250, outcome: 'failed' }, { durationMs: 420, outcome: 'read' }, { durationMs: 95, outcome: 'unchanged' }] },
      { source: 'ZDNet', reads: [{ durationMs: 80, outcome: 'not-modified' }] },
    ]);

    const url = await database().freshSchema();
    const moved = await runCliInProcess(['migrate-state', '--to', url], { env: { VEILLE_DB: dbPath } });
    expect(moved).toEqual({
      code: 0,
      stdout: `copied ${dbPath} to ${database().url}: 0 sources, 0 seen items, 0 pending and 0 finished deliveries, 0 disabled destinations, 0 digest items, 3 story items, 2 story posts, 4 source reads\n`,
      stderr: '',
    });
    const { openPostgresStore } = await import('../../../src/store/postgres/postgres-store.js');
    const postgres = await openPostgresStore(url);
    try {
      expect(await postgres.listStoryItems(T0)).toEqual(before.items);
      expect(await Promise.all(posts.map((post) => postgres.getStoryPost(post.destination, post.storyId)))).toEqual(before.posts);
      expect(await postgres.listSourceReads(T0)).toEqual(before.reads);
      expect([...(await postgres.storyItemsByKey([nul, 'https://a.example/1'])).keys()].sort()).toEqual(['https://a.example/1', nul]);
      // An item added at the same time as the last copied one comes after it (the sequence goes
      // on after the copied seq), and a new read takes an id after the copied ones.
      await postgres.addStoryItems([windowItem('https://c.example/3', 'https://c.example/3', T2)]);
      expect((await postgres.listStoryItems(T2)).map((item) => item.storyKey)).toEqual([nul, 'https://c.example/3']);
      await postgres.recordSourceRead({ source: 'ZDNet', at: T1, durationMs: 7, outcome: 'read' });
      expect((await postgres.listSourceReads(T1)).find((series) => series.source === 'ZDNet')?.reads).toEqual([
        { durationMs: 80, outcome: 'not-modified' },
        { durationMs: 7, outcome: 'read' },
      ]);
    } finally {
      await postgres.close();
    }
  });

  it('a story posted before the move: its later coverage, read on PostgreSQL, edits the first post instead of being posted', async () => {
    // As tests/deliver/story-follow-ups.test.ts: one story told by two outlets, one `veille once` each.
    const root = await tempDir();
    const outlets = ['LeMagIT', 'ZDNet'];
    const coverage = [
      { title: 'Huawei ouvre un centre de recherche à Grenoble', description: 'Le laboratoire travaillera sur les mathématiques appliquées.' },
      { title: 'Grenoble accueille le nouveau centre de recherche de Huawei', description: 'Le groupe chinois y installe un laboratoire de mathématiques.' },
    ];
    const linkOf = (outlet: number) => `https://news.example/${outlets[outlet]?.toLowerCase()}/grenoble`;
    const publish = (outlet: number, shown: boolean) => {
      const story = coverage[outlet];
      const items: TestItem[] = shown && story !== undefined ? [{ ...story, link: linkOf(outlet) }] : [];
      feeds.set(`/${outlet}.xml`, { body: rss(outlets[outlet] ?? '', [...items, { title: 'Ancien article Huawei', link: `https://news.example/old/${outlet}` }]) });
    };
    publish(0, false);
    publish(1, false);
    const dir = await writeConfigDir(root, {
      sources: outlets.map((name, outlet) => ({ name, url: feeds.url(`/${outlet}.xml`) })),
      watches: [{ name: 'cloud', rule: ['Huawei'], to: ['hook'] }],
      extra: `destinations:\n  hook:\n    type: discord\n    webhook_url: "${discord.apiBase}/webhooks/${WEBHOOK.id}/${WEBHOOK.token}"\n`,
    });
    const dbPath = join(root, 'veille.db');
    const once = async (env: Record<string, string>) => {
      const result = await runCliInProcess(['once', '--config', dir, '--json'], { env: { VEILLE_DB: dbPath, ...env } });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };
    await once({}); // seeding, on SQLite
    publish(0, true);
    expect(await once({})).toMatchObject({ delivered: 1, pending: 0 });
    const [first] = discord.created as { id: string }[];

    const url = await database().freshSchema();
    const moved = await runCliInProcess(['migrate-state', '--to', url], { env: { VEILLE_DB: dbPath } });
    expect(moved.stdout).toMatch(/, 0 digest items, 1 story items, 1 story posts, 4 source reads\n$/);

    publish(1, true);
    expect(await once({ VEILLE_DB: join(root, 'not-used', 'veille.db'), VEILLE_DATABASE_URL: url })).toMatchObject({ delivered: 1, pending: 0 });
    const shape = (request: { method: string; path: string }) => `${request.method} ${request.path.replace(/^\/api\/v10/, '').replace(WEBHOOK.token, 'TOKEN')}`;
    expect(discord.requests.map(shape)).toEqual([`POST /webhooks/${WEBHOOK.id}/TOKEN`, `PATCH /webhooks/${WEBHOOK.id}/TOKEN/messages/${first?.id}`]);
    expect(discord.created).toHaveLength(1);
    const embed = (discord.messages.get(first?.id ?? '')?.['embeds'] as { url?: string; fields?: { name: string; value: string }[] }[] | undefined)?.[0];
    expect(embed).toMatchObject({ url: linkOf(0), fields: [{ name: 'Termes', value: 'Huawei' }, { name: 'Aussi chez', value: `[ZDNet](${linkOf(1)})` }] });
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
