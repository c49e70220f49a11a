import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** `veille digest WATCH`: when the next digest fires and what it would hold; read-only. */
const tempDir = useTempDirs();

async function setUp() {
  const root = await tempDir();
  const dir = join(root, 'config');
  await mkdir(dir);
  await writeFile(
    join(dir, 'veille.yaml'),
    'sources:\n  - name: Flux\n    url: http://127.0.0.1:1/f.xml\nwatches:\n  - name: cloud\n    rule: [Huawei]\n    to:\n      - name: console\n        digest: "0 8 * * 1-5"\n  - name: plain\n    rule: [x]\n    to: [console]\ndestinations:\n  console:\n    type: console\n',
  );
  return { dir, db: join(root, 'veille.db') };
}

const item = (id: string, title: string, published: string) => ({ id, storyKey: `https://news.example/${id}`, source: 'Flux', title, link: `https://news.example/${id}`, summary: '', categories: [], published, publishedFromFeed: true });

describe('veille digest', () => {
  it('shows the next digest: due now after a missed fire time, else at the next one, stories newest first', async () => {
    const { dir, db } = await setUp();
    const store = openSqliteStore(db);
    const digest = { destination: 'console', watch: 'cloud', terms: ['Huawei'], digest: true } as const;
    await store.commitSourceSuccess({
      source: 'Flux', url: 'http://127.0.0.1:1/f.xml', at: '2026-03-02T09:00:00.000Z', validators: {},
      items: [item('a', 'Huawei un', '2026-03-02T08:10:00.000Z'), item('b', 'Huawei deux', '2026-03-02T08:20:00.000Z')].map((i) => ({ item: i, deliveries: [digest] })),
    });
    await store.close();

    const monday = await runCliInProcess(['digest', 'cloud', '--config', dir], { env: { VEILLE_DB: db, VEILLE_NOW: '2026-03-02T18:00:00+01:00' } });
    expect(monday).toEqual({
      code: 0,
      stdout: [
        'cloud -> console (0 8 * * 1-5, Europe/Paris): 3 mars 2026 à 08:00; 2 stories, 2 items',
        '  - Huawei deux | https://news.example/b',
        '      Flux · 2 mars 09:20',
        '  - Huawei un | https://news.example/a',
        '      Flux · 2 mars 09:10',
        '',
      ].join('\n'),
      stderr: '',
    });
    const thursday = await runCliInProcess(['digest', 'cloud', '--config', dir, '--json'], { env: { VEILLE_DB: db, VEILLE_NOW: '2026-03-05T10:00:00+01:00' } });
    expect(JSON.parse(thursday.stdout)).toMatchObject({ watch: 'cloud', timeZone: 'Europe/Paris', destinations: [{ destination: 'console', firesAt: '2026-03-05T07:00:00.000Z', due: true, items: 2 }] });
  });

  it.each([
    { args: ['digest', 'nope'], stderr: "veille digest: unknown watch 'nope' (known: cloud, plain)\n" },
    { args: ['digest'], stderr: 'veille digest: name a watch (one of: cloud, plain)\n' },
    { args: ['digest', 'plain'], stderr: 'veille digest: watch \'plain\' has no digest (add digest: "0 8 * * 1-5" to it or to one of its destinations)\n' },
  ])('exit 2: $args', async ({ args, stderr }) => {
    const { dir, db } = await setUp();
    expect(await runCliInProcess([...args, '--config', dir], { env: { VEILLE_DB: db } })).toEqual({ code: 2, stdout: '', stderr });
  });
});
