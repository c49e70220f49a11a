import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CycleReport } from '../../src/cycle/cycle-report.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

const OLD = [
  { title: 'Huawei ouvre un datacenter', link: 'https://news.example/huawei-dc', guid: 'a-1' },
  { title: 'Un article sans rapport', link: 'https://news.example/autre', guid: 'a-2' },
];

/** Runs `veille once --json` (a fresh process state each time: config, DB opened anew). */
async function once(dir: string, db: string) {
  const result = await runCliInProcess(['once', '--config', dir, '--json'], { env: { VEILLE_DB: db } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  // stdout is one JSON document; console posts are inside it.
  const { console: posted, ...report } = JSON.parse(result.stdout) as CycleReport & { console: string[] };
  return { report, posted };
}

describe('veille once against a loopback feed server', () => {
  it('seeds silently, posts a new match once, never again, across restarts and feeds', async () => {
    const root = await tempDir();
    const db = join(root, 'state', 'veille.db');
    server.set('/a.xml', { body: rss('A', OLD), etag: true });
    server.set('/b.xml', { body: rss('B', [{ title: 'Rien à voir', link: 'https://news.example/b-1' }]) });
    const dir = await writeConfigDir(root, {
      sources: [
        { name: 'Feed A', url: server.url('/a.xml') },
        { name: 'Feed B', url: server.url('/b.xml') },
      ],
    });

    // 1. First sight: items recorded, nothing posted.
    const seeding = await once(dir, db);
    expect(seeding.posted).toEqual([]);
    expect(seeding.report).toMatchObject({ sources: 2, fetched: 2, parsed: 2, seeded: 2, newItems: 3, matched: 0, enqueued: 0, delivered: 0, pending: 0, failed: 0 });

    // 2. A new matching item in A, and the same story (same link, tracking parameter added) in B.
    const story = { title: 'SecNumCloud : Bleu obtient le visa', link: 'https://news.example/bleu-secnumcloud', guid: 'a-3' };
    server.set('/a.xml', { body: rss('A', [story, ...OLD]), etag: true });
    server.set('/b.xml', {
      body: rss('B', [
        { title: 'SecNumCloud : Bleu obtient le visa (B)', link: 'https://news.example/bleu-secnumcloud?utm_source=rss' },
        { title: 'Rien à voir', link: 'https://news.example/b-1' },
      ]),
    });
    const posting = await once(dir, db);
    expect(posting.posted).toEqual([
      expect.stringMatching(/^\[cloud\] Feed [AB] \| SecNumCloud : Bleu obtient le visa(?: \(B\))? \| https:\/\/news\.example\/bleu-secnumcloud \| SecNumCloud$/),
    ]);
    expect(posting.report).toMatchObject({ parsed: 2, newItems: 2, matched: 2, enqueued: 1, delivered: 1, pending: 0 });

    // 3. Nothing new: A answers 304, B the same bytes; neither is parsed, nothing is posted.
    const quiet = await once(dir, db);
    expect(quiet.posted).toEqual([]);
    expect(quiet.report).toMatchObject({ fetched: 1, notModified: 1, unchanged: 1, parsed: 0, newItems: 0, delivered: 0 });
    expect(server.requests.filter((r) => r.path === '/a.xml').map((r) => r.status)).toEqual([200, 200, 304]);

    // 4. B changes (new unrelated item) but still carries the posted story: it is not posted again.
    server.set('/b.xml', {
      body: rss('B', [
        { title: 'Autre chose', link: 'https://news.example/b-2' },
        { title: 'SecNumCloud : Bleu obtient le visa (B)', link: 'https://news.example/bleu-secnumcloud?utm_source=rss' },
      ]),
    });
    const again = await once(dir, db);
    expect(again.posted).toEqual([]);
    expect(again.report).toMatchObject({ parsed: 1, newItems: 1, matched: 0, delivered: 0 });
  });

  it('posts once a story that two feeds carry under different links (aggregator redirects)', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    server.set('/outlet.xml', { body: rss('Outlet', OLD) });
    server.set('/aggregator.xml', { body: rss('Aggregator', [{ title: 'Déjà là', link: 'https://news.example/rss/articles/old' }]) });
    const dir = await writeConfigDir(root, {
      sources: [
        { name: 'Outlet', url: server.url('/outlet.xml') },
        { name: 'Aggregator', url: server.url('/aggregator.xml') },
      ],
    });
    await once(dir, db);
    const headline = 'Orange met fin à son partenariat cloud avec Huawei';
    server.set('/outlet.xml', { body: rss('Outlet', [{ title: headline, link: 'https://outlet.example/orange-huawei' }, ...OLD]) });
    server.set('/aggregator.xml', {
      body: rss('Aggregator', [{ title: `${headline} !`, link: 'https://news.example/rss/articles/CBMi42' }, { title: 'Déjà là', link: 'https://news.example/rss/articles/old' }]),
    });
    const posting = await once(dir, db);
    expect(posting.posted).toHaveLength(1);
    expect(posting.report).toMatchObject({ newItems: 2, matched: 2, enqueued: 1, delivered: 1 });
  });

  it('a first copy that matched nothing does not stop a later matching copy of the same story', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    server.set('/aggregator.xml', { body: rss('Aggregator', OLD) });
    server.set('/outlet.xml', { body: rss('Outlet', OLD) });
    const dir = await writeConfigDir(root, {
      sources: [
        { name: 'Aggregator', url: server.url('/aggregator.xml') },
        { name: 'Outlet', url: server.url('/outlet.xml') },
      ],
    });
    await once(dir, db);
    const headline = 'Orange et Capgemini lancent une nouvelle offre';
    // The aggregator's copy has only the headline: no watch term, nothing posted.
    server.set('/aggregator.xml', { body: rss('Aggregator', [{ title: headline, link: 'https://news.example/rss/articles/CBMi42' }, ...OLD]) });
    expect((await once(dir, db)).posted).toEqual([]);
    // The outlet's copy says more: it matches, and is posted.
    server.set('/outlet.xml', { body: rss('Outlet', [{ title: headline, link: 'https://outlet.example/offre', description: 'Une offre qualifiée SecNumCloud.' }, ...OLD]) });
    const later = await once(dir, db);
    expect(later.posted).toEqual(['[cloud] Outlet | Orange et Capgemini lancent une nouvelle offre | https://outlet.example/offre | SecNumCloud']);
  });

  it('an empty first read seeds nothing: later, only items published since that read are posted', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    server.set('/search.xml', { body: rss('Search', []) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'Search', url: server.url('/search.xml') }] });
    expect((await once(dir, db)).report).toMatchObject({ seeded: 1, newItems: 0 });
    const day = 86_400_000;
    server.set('/search.xml', {
      body: rss('Search', [
        { title: 'Huawei : publié après la première lecture', link: 'https://news.example/new', published: new Date(Date.now() + 1_000).toISOString() },
        ...Array.from({ length: 30 }, (_, i) => ({ title: `Huawei : archive n°${i}`, link: `https://news.example/old-${i}`, published: new Date(Date.now() - (i + 1) * day).toISOString() })),
      ]),
    });
    const next = await once(dir, db);
    expect(next.posted).toEqual(['[cloud] Search | Huawei : publié après la première lecture | https://news.example/new | Huawei']);
    expect(next.report).toMatchObject({ seeded: 1, newItems: 31, delivered: 1 });
  });

  it('posts items newer than `backfill` on first sight, and only those', async () => {
    const root = await tempDir();
    const hour = 3_600_000;
    server.set('/a.xml', {
      body: rss('A', [
        { title: 'Huawei récent', link: 'https://news.example/recent', published: new Date(Date.now() - hour).toISOString() },
        { title: 'Huawei ancien', link: 'https://news.example/ancien', published: new Date(Date.now() - 72 * hour).toISOString() },
      ]),
    });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml'), backfill: '1d' }] });
    const result = await once(dir, join(root, 'veille.db'));
    expect(result.posted).toEqual(['[cloud] A | Huawei récent | https://news.example/recent | Huawei']);
    expect(result.report).toMatchObject({ seeded: 1, newItems: 2, matched: 1, delivered: 1 });
  });

  it('says when a feed has more entries than are read', async () => {
    const root = await tempDir();
    const items = Array.from({ length: 5_001 }, (_, i) => ({ title: `n°${i}`, link: `https://news.example/${i}` }));
    server.set('/huge.xml', { body: rss('Huge', items) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'Huge', url: server.url('/huge.xml') }] });
    const result = await runCliInProcess(['once', '--config', dir, '--json'], { env: { VEILLE_DB: join(root, 'veille.db') } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ newItems: 5_000 });
    const warnings = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(warnings).toEqual([expect.objectContaining({ level: 40, source: 'Huge', max: 5_000, msg: 'only the first 5000 entries of this feed are read' })]);
  });

  it('reports a failing source and still serves the others', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    server.set('/ok.xml', { body: rss('OK', OLD) });
    const dir = await writeConfigDir(root, {
      sources: [
        { name: 'Missing', url: server.url('/missing.xml') },
        { name: 'OK', url: server.url('/ok.xml') },
      ],
    });
    const first = await runCliInProcess(['once', '--config', dir, '--json'], { env: { VEILLE_DB: db } });
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as CycleReport;
    expect(report).toMatchObject({ sources: 2, fetched: 1, failed: 1, seeded: 1 });
    expect(report.failures).toEqual([
      { source: 'Missing', url: server.url('/missing.xml'), kind: 'http-status', message: expect.stringContaining('404') },
    ]);
    const logged = first.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([expect.objectContaining({ level: 40, source: 'Missing', url: server.url('/missing.xml'), kind: 'http-status' })]);
  });
});

describe('a source whose URL changed in the config', () => {
  it('is read as a new feed: seeded again, nothing posted, even if its first read there fails', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    const old = Array.from({ length: 5 }, (_, i) => ({ title: `Huawei ancien n°${i}`, link: `https://news.example/a-${i}` }));
    server.set('/a.xml', { body: rss('A', old) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'S', url: server.url('/a.xml') }] });
    await once(dir, db);
    // Same name, another URL: first a failure there, then a feed of twenty older items.
    const moved = await writeConfigDir(root, { sources: [{ name: 'S', url: server.url('/b.xml') }] });
    const failed = await runCliInProcess(['once', '--config', moved, '--json'], { env: { VEILLE_DB: db } });
    expect(JSON.parse(failed.stdout)).toMatchObject({ failed: 1 });
    server.set('/b.xml', { body: rss('B', Array.from({ length: 20 }, (_, i) => ({ title: `Huawei n°${i}`, link: `https://news.example/b-${i}` }))) });
    const read = await once(moved, db);
    expect(read.posted).toEqual([]);
    expect(read.report).toMatchObject({ seeded: 1, newItems: 20, delivered: 0 });
    expect(server.requests.filter((r) => r.path === '/b.xml').every((r) => r.headers['if-none-match'] === undefined)).toBe(true);
  });
});
