import { execFile } from 'node:child_process';
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { rss } from '../helpers/rss.js';
import { CLI_PATH } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();
const run = promisify(execFile);
const SHIPPED = fileURLToPath(new URL('../../feeds/', import.meta.url));

/** The shipped watches, destinations and settings; only the sources point at the loopback server. */
async function shippedConfigWithLoopbackSources(root: string): Promise<string> {
  const dir = join(root, 'config');
  await mkdir(dir);
  for (const file of ['settings.yaml', 'watches.yaml', 'destinations.yaml']) await copyFile(join(SHIPPED, file), join(dir, file));
  await writeFile(join(dir, 'sources.yaml'), `sources:\n  - name: LeMagIT\n    url: ${server.url('/lemagit.xml')}\n  - name: Next\n    url: ${server.url('/next.xml')}\n`);
  return dir;
}

/** `veille once --json | node -e "JSON.parse(stdin)"`, exactly as a script would pipe it. */
async function onceThroughPipe(dir: string, db: string): Promise<unknown> {
  const parse = `process.stdout.write(JSON.stringify(JSON.parse(require('fs').readFileSync(0, 'utf8'))))`;
  const { stdout } = await run('sh', ['-c', `"${process.execPath}" "${CLI_PATH}" once --json --config "$CONFIG" | "${process.execPath}" -e "${parse}"`], {
    env: { PATH: process.env['PATH'] ?? '', CONFIG: dir, VEILLE_DB: db, VEILLE_LOG_LEVEL: 'info' },
  });
  return JSON.parse(stdout);
}

describe('veille once --json', () => {
  it('prints one JSON document on the shipped config with the console fallback, console posts inside it', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    const dir = await shippedConfigWithLoopbackSources(root);
    const old = { title: 'Huawei présente ses résultats', link: 'https://news.example/old', guid: 'old' };
    server.set('/lemagit.xml', { body: rss('LeMagIT', [old]) });
    server.set('/next.xml', { body: rss('Next', [{ title: 'Rien à voir', link: 'https://news.example/other' }]) });

    expect(await onceThroughPipe(dir, db)).toMatchObject({ seeded: 2, enqueued: 0, console: [] });

    const story = { title: "SecNumCloud : l'offre de Bleu qualifiée par l'ANSSI", link: 'https://news.example/bleu', guid: 'new' };
    server.set('/lemagit.xml', { body: rss('LeMagIT', [story, old]) });
    const report = await onceThroughPipe(dir, db);
    expect(report).toMatchObject({ matched: 1, delivered: 1, failed: 0 });
    expect((report as { console: string[] }).console).toEqual([
      "[cloud-souverain] LeMagIT | SecNumCloud : l'offre de Bleu qualifiée par l'ANSSI | https://news.example/bleu | SecNumCloud, Bleu, Anssi",
    ]);
  });
});

describe('veille once from cron: the config cache beside the state', () => {
  it('is written by the first run, follows every edit, and never hides a problem or its line', async () => {
    const root = await tempDir();
    const db = join(root, 'state', 'veille.db');
    const dir = await writeConfigDir(root, { sources: [{ name: 'a', url: server.url('/a.xml') }], watches: [{ name: 'w', rule: 'Kubernetes' }] });
    const once = () => runCliInProcess(['once', '--json', '--config', dir], { env: { VEILLE_DB: db } });
    server.set('/a.xml', { body: rss('A', [{ title: 'Old news', link: 'https://news.example/old', guid: 'old' }]) });

    expect(JSON.parse((await once()).stdout)).toMatchObject({ seeded: 1, failed: 0 });
    // The first run creates the state directory after reading the config: the second writes the cache.
    expect(JSON.parse((await once()).stdout)).toMatchObject({ seeded: 0, failed: 0 });
    expect((await stat(join(root, 'state', 'veille-config.cache'))).isFile()).toBe(true);

    // An edited rule is the new one at the next run.
    await writeFile(join(dir, 'watches.yaml'), 'watches:\n  - name: "w"\n    rule: "Huawei"\n    to: ["console"]\n');
    server.set('/a.xml', { body: rss('A', [{ title: 'Huawei présente ses résultats', link: 'https://news.example/new', guid: 'new' }]) });
    expect(JSON.parse((await once()).stdout)).toMatchObject({ matched: 1, delivered: 1 });

    // A broken edit: refused with its file and line, as without the cache.
    await writeFile(join(dir, 'sources.yaml'), `sources:\n  - name: "a"\n    url: "not a url"\n`);
    const broken = await once();
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/sources\.yaml:3: sources\[0\]\.url/);
  });
});
