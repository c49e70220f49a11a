import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
const logLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('items collected for a digest that left the configuration', () => {
  it('wait while the retry policy\'s max age (24 h) allows it to come back, then are given up with one warning, never sent', async () => {
    const root = await tempDir();
    const db = join(root, 'veille.db');
    const env = { VEILLE_DB: db };
    const seed: TestItem[] = [{ title: 'Rapport annuel', link: 'https://a.example/report', published: ago(30) }];
    server.set('/a.xml', { body: rss('A', seed) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }] });
    await writeFile(join(dir, 'watches.yaml'), 'watches:\n  - name: cloud\n    rule: Huawei OR SecNumCloud\n    to: [console]\n    digest: "0 8 * * *"\n');
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);
    server.set('/a.xml', {
      body: rss('A', [
        ...seed,
        { title: 'Huawei lance un cloud en Europe', link: 'https://a.example/huawei', published: ago(2) },
        { title: 'OVHcloud obtient SecNumCloud', link: 'https://a.example/ovh', published: ago(1) },
      ]),
    });
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);

    // The digest is removed: cloud now posts each match at once.
    await writeFile(join(dir, 'watches.yaml'), 'watches:\n  - name: cloud\n    rule: Huawei OR SecNumCloud\n    to: [console]\n');
    const soon = await runCliInProcess(['once', '--config', dir, '--json'], { env: { ...env, VEILLE_NOW: new Date(Date.now() + HOUR).toISOString() } });
    expect(soon.code).toBe(0);
    expect(logLines(soon.stderr)).toEqual([]);
    const store = await openStore({ engine: 'sqlite', path: db });
    try {
      expect((await store.listDigestEntries('cloud', 'console')).map((entry) => [entry.item.title, entry.state])).toEqual([
        ['OVHcloud obtient SecNumCloud', 'waiting'],
        ['Huawei lance un cloud en Europe', 'waiting'],
      ]);
    } finally {
      await store.close();
    }

    const late = await runCliInProcess(['once', '--config', dir, '--json'], { env: { ...env, VEILLE_NOW: new Date(Date.now() + 25 * HOUR).toISOString() } });
    expect(late.code).toBe(0);
    expect(logLines(late.stderr).map(({ level, msg, watch, destination, count }) => ({ level, msg, watch, destination, count }))).toEqual([
      { level: 40, msg: 'gave up on digest items whose digest or destination left the configuration', watch: 'cloud', destination: 'console', count: 2 },
    ]);
    expect(JSON.parse(late.stdout)).toMatchObject({ delivered: 0, digestMessages: 0, digestItems: 0, console: [] });
    const after = await openStore({ engine: 'sqlite', path: db });
    try {
      expect(await after.listDigestEntries('cloud', 'console')).toEqual([]);
      expect((await after.listCollectedItems(ago(48))).map((post) => post.status)).toEqual(['failed', 'failed']);
    } finally {
      await after.close();
    }
    // Given up once: the next cycle says nothing more.
    const next = await runCliInProcess(['once', '--config', dir], { env: { ...env, VEILLE_NOW: new Date(Date.now() + 26 * HOUR).toISOString() } });
    expect(logLines(next.stderr)).toEqual([]);
  });
});
