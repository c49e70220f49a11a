import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss, type TestItem } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { logLines, spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

describe('veille once --json and digests', () => {
  it('reports the digest messages and items sent after the cycle (0 while the digest is not due)', async () => {
    const root = await tempDir();
    const env = { VEILLE_DB: join(root, 'veille.db') };
    const seed: TestItem[] = [{ title: 'Rapport annuel', link: 'https://a.example/report', published: ago(30) }];
    const news: TestItem[] = [
      { title: 'Huawei lance un cloud en Europe', link: 'https://a.example/huawei', published: ago(2) },
      { title: 'OVHcloud obtient SecNumCloud', link: 'https://a.example/ovh', published: ago(1) },
    ];
    server.set('/a.xml', { body: rss('A', seed) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }] });
    await writeFile(join(dir, 'watches.yaml'), 'watches:\n  - name: cloud\n    rule: Huawei OR SecNumCloud\n    to: [console]\n    digest: "0 8 * * *"\n');
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);

    // Collected, not due: nothing sent.
    server.set('/a.xml', { body: rss('A', [...seed, ...news]) });
    const collected = await runCliInProcess(['once', '--config', dir, '--json'], { env });
    expect(collected.code).toBe(0);
    expect(JSON.parse(collected.stdout)).toMatchObject({ matched: 2, enqueued: 0, delivered: 0, digestMessages: 0, digestItems: 0 });

    // A day later the 08:00 digest is due: one console message holding both items.
    const due = await runCliInProcess(['once', '--config', dir, '--json'], { env: { ...env, VEILLE_NOW: new Date(Date.now() + 25 * HOUR).toISOString() } });
    expect(due.code).toBe(0);
    const report = JSON.parse(due.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ newItems: 0, delivered: 0, digestMessages: 1, digestItems: 2 });
  });

  it('counts a digest sent by veille run in /metrics (the built bin)', async () => {
    const root = await tempDir();
    const env = { VEILLE_DB: join(root, 'veille.db') };
    server.set('/a.xml', { body: rss('A', [{ title: 'Rapport annuel', link: 'https://a.example/report', published: ago(30) }]) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }] });
    await writeFile(join(dir, 'watches.yaml'), 'watches:\n  - name: cloud\n    rule: Huawei OR SecNumCloud\n    to: [console]\n    digest: "0 8 * * *"\n');
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);
    server.set('/a.xml', {
      body: rss('A', [
        { title: 'Huawei lance un cloud en Europe', link: 'https://a.example/huawei', published: ago(2) },
        { title: 'OVHcloud obtient SecNumCloud', link: 'https://a.example/ovh', published: ago(1) },
      ]),
    });
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);

    // Started a day later: the missed 08:00 digest goes at start.
    const veille = spawnCli(['run', '--config', dir, '--http', '0'], { ...env, VEILLE_NOW: new Date(Date.now() + 25 * HOUR).toISOString() });
    try {
      const logged = (message: string) => logLines(veille.stderr()).filter((line) => line['msg'] === message);
      await veille.waitFor(() => logged('digest sent').length === 1 && logged('http endpoint listening').length === 1, 'the missed digest sent');
      const url = String(logged('http endpoint listening')[0]?.['url']);
      const metrics = (await (await fetch(`${url}/metrics`)).text()).split('\n');
      expect(metrics).toContain('veille_digest_messages_total{destination="console"} 1');
      expect(metrics).toContain('veille_digest_items_total{destination="console"} 2');
    } finally {
      veille.child.kill('SIGTERM');
      await veille.exited;
    }
  });
});
