import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplayReport } from '../../src/replay/format-replay.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

const SEEDED: TestItem[] = [{ title: 'Un cloud souverain pour l’État', link: 'https://a.example/seed', published: ago(30) }];
const A_NEW: TestItem[] = [
  { title: 'Huawei lance un cloud en Europe', link: 'https://a.example/huawei', published: ago(2) },
  { title: 'OVHcloud obtient SecNumCloud', link: 'https://a.example/ovh', published: ago(2) },
  { title: 'Rust 2.0 released', link: 'https://a.example/rust', published: ago(2) },
];
const B_SEEDED: TestItem[] = [{ title: 'Rapport annuel', link: 'https://b.example/report', published: ago(40) }];
const B_NEW: TestItem[] = [{ title: 'Scaleway ouvre une région souveraine', link: 'https://b.example/scaleway', published: ago(1) }];

describe('veille replay', () => {
  it('shows a rule change\'s added and removed items, exactly, on a state built by real cycles', async () => {
    const root = await tempDir();
    const env = { VEILLE_DB: join(root, 'veille.db') };
    server.set('/a.xml', { body: rss('A', SEEDED) });
    server.set('/b.xml', { body: rss('B', B_SEEDED) });
    const sources = [
      { name: 'A', url: server.url('/a.xml') },
      { name: 'B', url: server.url('/b.xml') },
    ];
    const watches = [
      { name: 'cloud', rule: ['Huawei', 'SecNumCloud'] },
      { name: 'rust', rule: 'Rust' },
    ];
    const dir = await writeConfigDir(root, { sources, watches });
    // Cycle 1 seeds A (its item is never posted); cycle 2 reads new items and posts the matches.
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);
    server.set('/a.xml', { body: rss('A', [...SEEDED, ...A_NEW]) });
    server.set('/b.xml', { body: rss('B', [...B_SEEDED, ...B_NEW]) });
    const second = await runCliInProcess(['once', '--config', dir, '--json'], { env });
    expect(second.code).toBe(0);

    // Unchanged config: nothing to report.
    const same = await runCliInProcess(['replay', '--config', dir, '--json'], { env });
    expect(same.code).toBe(0);
    const unchanged = JSON.parse(same.stdout) as ReplayReport;
    expect(unchanged.watches.map(({ watch, wouldPost, posted, added, removed }) => ({ watch, wouldPost, posted, added, removed }))).toEqual([
      { watch: 'cloud', wouldPost: 2, posted: 2, added: [], removed: [] },
      { watch: 'rust', wouldPost: 1, posted: 1, added: [], removed: [] },
    ]);
    expect(unchanged.items).toBe(4);

    // The cloud watch's rule changes: Huawei out, souverain* in.
    await writeFile(join(dir, 'watches.yaml'), 'watches:\n  - name: cloud\n    rule: SecNumCloud OR souverain*\n    to: [console]\n  - name: rust\n    rule: Rust\n    to: [console]\n');
    const changed = await runCliInProcess(['replay', '--config', dir, '--json'], { env });
    expect(changed.code).toBe(0);
    const report = JSON.parse(changed.stdout) as ReplayReport;
    expect(report).toEqual({
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      items: 4,
      truncated: false,
      watches: [
        {
          watch: 'cloud',
          wouldPost: 2,
          posted: 2,
          added: [{ source: 'B', id: 'link:https://b.example/scaleway', title: 'Scaleway ouvre une région souveraine', link: 'https://b.example/scaleway', published: B_NEW[0]?.published?.replace(/\.\d{3}Z$/, '.000Z'), terms: ['souverain*'] }],
          removed: [{ source: 'A', id: 'link:https://a.example/huawei', title: 'Huawei lance un cloud en Europe', link: 'https://a.example/huawei', published: A_NEW[0]?.published?.replace(/\.\d{3}Z$/, '.000Z'), terms: ['Huawei'] }],
        },
        { watch: 'rust', wouldPost: 1, posted: 1, added: [], removed: [] },
      ],
    });

    const text = await runCliInProcess(['replay', '--config', dir, '--days', '1'], { env });
    expect(text.code).toBe(0);
    expect(text.stdout.replace(/since \S+\./, 'since T.')).toBe(
      [
        'Replayed 4 items seen since T.',
        '',
        'cloud: would post 2, posted 2 — 1 added, 1 removed',
        '  + [B] Scaleway ouvre une région souveraine (souverain*) <https://b.example/scaleway>',
        '  - [A] Huawei lance un cloud en Europe (Huawei) <https://a.example/huawei>',
        '',
        'rust: would post 1, posted 1 — no change',
        '',
      ].join('\n'),
    );
  });

  it('counts items collected for a digest (waiting or sent) as posted by their watch', async () => {
    const root = await tempDir();
    const env = { VEILLE_DB: join(root, 'veille.db') };
    server.set('/a.xml', { body: rss('A', SEEDED) });
    server.set('/b.xml', { body: rss('B', B_SEEDED) });
    const sources = [
      { name: 'A', url: server.url('/a.xml') },
      { name: 'B', url: server.url('/b.xml') },
    ];
    const dir = await writeConfigDir(root, { sources });
    // cloud takes a daily 08:00 digest; rust posts each match at once.
    await writeFile(
      join(dir, 'watches.yaml'),
      'watches:\n  - name: cloud\n    rule: Huawei OR SecNumCloud OR souverain*\n    to: [console]\n    digest: "0 8 * * *"\n  - name: rust\n    rule: Rust\n    to: [console]\n',
    );
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);
    // Huawei and OVHcloud are collected (the digest is not due: they wait).
    server.set('/a.xml', { body: rss('A', [...SEEDED, ...A_NEW]) });
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);
    // A day later, the 08:00 digest sends them; Scaleway, new then, is collected for the next one.
    const later = new Date(Date.now() + 25 * HOUR).toISOString();
    server.set('/b.xml', { body: rss('B', [...B_SEEDED, { ...B_NEW[0]!, published: new Date(Date.now() + 24 * HOUR).toISOString() }]) });
    const sent = await runCliInProcess(['once', '--config', dir], { env: { ...env, VEILLE_NOW: later } });
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('Huawei lance un cloud en Europe');
    expect(sent.stdout).not.toContain('Scaleway');

    const replay = await runCliInProcess(['replay', '--config', dir, '--json'], { env: { ...env, VEILLE_NOW: later } });
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.stdout) as ReplayReport;
    expect(report.items).toBe(4);
    expect(report.watches.map(({ watch, wouldPost, posted, added, removed }) => ({ watch, wouldPost, posted, added, removed }))).toEqual([
      { watch: 'cloud', wouldPost: 3, posted: 3, added: [], removed: [] },
      { watch: 'rust', wouldPost: 1, posted: 1, added: [], removed: [] },
    ]);
  });

  it.each([
    { args: ['--days', 'abc'], code: 2, stderr: "veille replay: --days expects a positive number of days, got 'abc'\n" },
    { args: ['--days', '0'], code: 2, stderr: "veille replay: --days expects a positive number of days, got '0'\n" },
    { args: [], code: 1, stderr: 'veille replay: no state yet (STATE does not exist): veille has not run with this state file\n' },
  ])('exits $code for $args', async ({ args, code, stderr }) => {
    const root = await tempDir();
    const env = { VEILLE_DB: join(root, 'veille.db') };
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }] });
    const result = await runCliInProcess(['replay', '--config', dir, ...args], { env });
    expect({ code: result.code, stderr: result.stderr.replace(env.VEILLE_DB, 'STATE'), stdout: result.stdout }).toEqual({ code, stderr, stdout: '' });
  });

  it('exits 2 on an invalid rule, naming the file', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }], watches: [{ name: 'bad', rule: 'huawei AND (' }] });
    const result = await runCliInProcess(['replay', '--config', dir], { env: { VEILLE_DB: join(root, 'veille.db') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('watches.yaml');
  });
});
