import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../src/cli/source-status.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { logLines, spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();
const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 300));

/** The most requests to the feed server in flight at one time (from the server's own log). */
function maxInFlight(requests: readonly { receivedAt: number; answeredAt: number }[]): number {
  const events = requests.flatMap((r) => [[r.receivedAt, 1], [r.answeredAt, -1]] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, step] of events) {
    now += step;
    max = Math.max(max, now);
  }
  return max;
}

describe('polite polling, observed on the loopback feed server (the built bin)', () => {
  it('reads at most per_host sources of one host at once, and each source at most as often as its every: or max-age asks', async () => {
    const root = await tempDir();
    for (const path of ['/s1.xml', '/s2.xml', '/s3.xml', '/s4.xml']) server.set(path, { body: rss(path, [{ title: 'a', link: `https://news.example${path}` }]), hold: slow });
    server.set('/every.xml', { body: rss('every', [{ title: 'a', link: 'https://news.example/every' }]) });
    server.set('/max-age.xml', { body: rss('max-age', [{ title: 'a', link: 'https://news.example/max-age' }]), headers: { 'cache-control': 'public, max-age=3' } });
    server.set('/no-hints.xml', { body: rss('no-hints', [{ title: 'a', link: 'https://news.example/no-hints' }]), headers: { 'cache-control': 'max-age=3' } });
    const dir = await writeConfigDir(root, {
      sources: ['s1', 's2', 's3', 's4'].map((name) => ({ name, url: server.url(`/${name}.xml`) })),
      extra:
        'schedule: "* * * * * *"\nsettings:\n  per_host: 2\n' +
        `sources:\n  - name: every\n    url: "${server.url('/every.xml')}"\n    every: 3s\n` +
        `  - name: max-age\n    url: "${server.url('/max-age.xml')}"\n` +
        `  - name: no-hints\n    url: "${server.url('/no-hints.xml')}"\n    hints: false\n`,
    });
    const env = { VEILLE_DB: join(root, 'veille.db') };
    const veille = spawnCli(['run', '--config', dir], env);
    const times = (path: string) => server.requests.filter((request) => request.path === path).map((request) => request.receivedAt);
    await veille.waitFor(() => times('/max-age.xml').length >= 3 && times('/every.xml').length >= 3, 'three reads of the sources with an interval');
    veille.child.kill('SIGINT');
    expect(await veille.exited).toEqual({ code: 0, signal: null });

    // The request log, with timestamps: one host (127.0.0.1), per_host 2.
    expect(maxInFlight(server.requests)).toBe(2);
    const gaps = (path: string) => times(path).slice(1).map((at, index) => at - (times(path)[index] ?? 0));
    // A last attempt is recorded when its fetch ends, and a tick may read a source 5% of its interval early.
    for (const gap of [...gaps('/every.xml'), ...gaps('/max-age.xml')]) expect(gap).toBeGreaterThanOrEqual(3_000 - 150);
    // Without hints the same max-age is ignored: read at every cycle.
    const cycles = logLines(veille.stderr()).filter((line) => line['msg'] === 'cycle finished').length;
    expect(times('/no-hints.xml').length).toBeGreaterThanOrEqual(cycles);
    expect(times('/no-hints.xml').length).toBeGreaterThan(times('/max-age.xml').length);

    const sources = JSON.parse((await runCliInProcess(['sources', '--config', dir, '--json'], { env })).stdout) as SourceStatus[];
    // Files are read in name order: extra.yaml, then sources.yaml.
    expect(sources.map((s) => [s.name, s.intervalSeconds, s.intervalReason])).toEqual([
      ['every', 3, 'every'],
      ['max-age', 3, 'max-age'],
      ['no-hints', null, 'schedule'],
      ['s1', null, 'schedule'],
      ['s2', null, 'schedule'],
      ['s3', null, 'schedule'],
      ['s4', null, 'schedule'],
    ]);
    const every = sources.find((s) => s.name === 'every');
    expect(Date.parse(every?.nextReadAt ?? '') - Date.parse(every?.lastSuccessAt ?? '')).toBe(3_000);
  }, 60_000);

  it("keeps a feed's <ttl> in the state: the next process does not read the source before it has passed, unless hints are turned off", async () => {
    const root = await tempDir();
    const body = rss('T', [{ title: 'a', link: 'https://news.example/t' }]).replace('<description>test</description>', '<description>test</description><ttl>60</ttl>');
    server.set('/ttl.xml', { body });
    const dir = await writeConfigDir(root, { sources: [{ name: 'T', url: server.url('/ttl.xml') }] });
    const env = { VEILLE_DB: join(root, 'veille.db') };
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);
    expect((await runCliInProcess(['once', '--config', dir], { env })).code).toBe(0);
    expect(server.requests.map((request) => request.path)).toEqual(['/ttl.xml']);
    const [status] = JSON.parse((await runCliInProcess(['sources', '--config', dir, '--json'], { env })).stdout) as SourceStatus[];
    expect([status?.intervalSeconds, status?.intervalReason]).toEqual([3600, 'ttl']);
    expect(Date.parse(status?.nextReadAt ?? '') - Date.parse(status?.lastSuccessAt ?? '')).toBe(3_600_000);

    const off = await writeConfigDir(join(root, 'off'), { sources: [{ name: 'T', url: server.url('/ttl.xml') }], extra: 'settings:\n  feed_hints: false\n' });
    expect((await runCliInProcess(['once', '--config', off], { env })).code).toBe(0);
    expect(server.requests.map((request) => request.path)).toEqual(['/ttl.xml', '/ttl.xml']);
  });
});
