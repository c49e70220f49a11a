import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { logLines, spawnCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

const cyclesFinished = (stderr: string) => logLines(stderr).filter((line) => line['msg'] === 'cycle finished').length;

describe('veille run (the built bin, a real process)', () => {
  it('seeds at start, posts a new item on the next scheduled cycle once, and exits 0 on SIGINT', async () => {
    const root = await tempDir();
    server.set('/a.xml', { body: rss('A', [{ title: 'Huawei, avant le démarrage', link: 'https://news.example/old' }]), etag: true });
    const dir = await writeConfigDir(root, {
      sources: [{ name: 'A', url: server.url('/a.xml') }],
      extra: 'schedule: "* * * * * *"\n', // every second
    });
    const veille = spawnCli(['run', '--config', dir], { VEILLE_DB: join(root, 'veille.db') });

    await veille.waitFor(({ stderr }) => cyclesFinished(stderr) >= 1, 'first cycle');
    expect(veille.stdout()).toBe('');

    server.set('/a.xml', {
      body: rss('A', [
        { title: 'Huawei ouvre une région cloud à Paris', link: 'https://news.example/new' },
        { title: 'Huawei, avant le démarrage', link: 'https://news.example/old' },
      ]),
      etag: true,
    });
    await veille.waitFor(({ stdout }) => stdout.includes('news.example/new'), 'the new item posted');
    const cyclesAtPost = cyclesFinished(veille.stderr());
    await veille.waitFor(({ stderr }) => cyclesFinished(stderr) >= cyclesAtPost + 2, 'two more cycles');

    veille.child.kill('SIGINT');
    expect(await veille.exited).toEqual({ code: 0, signal: null });
    expect(veille.stdout()).toBe('[cloud] A | Huawei ouvre une région cloud à Paris | https://news.example/new | Huawei\n');
    const messages = logLines(veille.stderr()).map((line) => line['msg']);
    expect(messages).toContain('stopping: finishing the deliveries in flight');
    expect(messages.at(-1)).toBe('stopped');
    // No warning or error, except a skipped tick when a cycle outlasted the 1-second schedule (slow machines).
    const problems = logLines(veille.stderr()).filter((line) => (line['level'] as number) >= 40 && line['msg'] !== 'previous cycle still running; skipping this tick');
    expect(problems).toEqual([]);
  });

  it('exits 2 with the problems listed when the config is invalid', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: 'gopher://x' }] });
    const veille = spawnCli(['run', '--config', dir], { VEILLE_DB: join(root, 'veille.db') });
    expect(await veille.exited).toEqual({ code: 2, signal: null });
    expect(veille.stderr()).toContain("sources.yaml:3: sources[0].url: unsupported scheme 'gopher:' (expected http or https)");
  });
});
