import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { createApp, type App } from '../../src/main.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestClock } from '../helpers/test-clock.js';
import { silentLogger } from '../helpers/silent-logger.js';

const tempDir = useTempDirs();
const HOUR = 3_600_000;
let server: FeedServer;
let app: App | undefined;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await server.close();
});

async function startApp(extra: string, sources: { name: string; url: string }[]) {
  const root = await tempDir();
  const dir = await writeConfigDir(root, { sources, extra });
  const config = await loadConfig(dir, readRuntimeEnv({}));
  const clock = createTestClock(new Date().toISOString());
  const posted: string[] = [];
  app = createApp(config, { dbPath: join(root, 'veille.db'), logger: silentLogger, write: (text) => posted.push(text.trimEnd()), clock });
  const cycle = async (advanceMs = 0) => {
    clock.advance(advanceMs);
    const start = posted.length;
    await app!.runCycle();
    return posted.slice(start);
  };
  return { cycle, app };
}

describe('source health notices', () => {
  it('one notice when a source fails N cycles in a row, none while it keeps failing, one when it recovers', async () => {
    server.set('/ok.xml', { body: rss('OK', [{ title: 'x', link: 'https://news.example/x' }]) });
    const { cycle } = await startApp('settings:\n  alert_after: 3\n', [
      { name: 'Flaky', url: server.url('/flaky.xml') },
      { name: 'OK', url: server.url('/ok.xml') },
    ]);
    const url = server.url('/flaky.xml');
    // Cycles are spaced beyond the source backoff (5 min, 10 min, ..., 6 h) so each one fetches.
    expect(await cycle()).toEqual([]);
    expect(await cycle(7 * HOUR)).toEqual([]);
    expect(await cycle(7 * HOUR)).toEqual([`[veille] Flaky | Source en échec : Flaky (3 cycles de suite) | ${url}`]);
    expect(await cycle(7 * HOUR)).toEqual([]);
    expect(await cycle(7 * HOUR)).toEqual([]);
    server.set('/flaky.xml', { body: rss('Flaky', [{ title: 'y', link: 'https://news.example/y' }]) });
    expect(await cycle(7 * HOUR)).toEqual([`[veille] Flaky | Source rétablie : Flaky | ${url}`]);
    expect(await cycle(7 * HOUR)).toEqual([]);
    expect(server.requests.filter((r) => r.path === '/flaky.xml')).toHaveLength(7);
  });

  it('never calls a quiet source stale when stale_after is not configured', async () => {
    server.set('/quiet.xml', { body: rss('Quiet', [{ title: 'old', link: 'https://news.example/old' }]), etag: true });
    const { cycle } = await startApp('', [{ name: 'Quiet', url: server.url('/quiet.xml') }]);
    expect(await cycle()).toEqual([]);
    expect(await cycle(30 * 24 * HOUR)).toEqual([]);
  });

  it('stale_after per source: silentLogger too long, then active again', async () => {
    server.set('/quiet.xml', { body: rss('Quiet', [{ title: 'old', link: 'https://news.example/old' }]), etag: true });
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'Quiet', url: server.url('/quiet.xml') }] });
    // Add stale_after to the source entry.
    const sourcesFile = join(dir, 'sources.yaml');
    await writeFile(sourcesFile, `${await readFile(sourcesFile, 'utf8')}    stale_after: 2d\n`);
    const config = await loadConfig(dir, readRuntimeEnv({}));
    const clock = createTestClock(new Date().toISOString());
    const posted: string[] = [];
    app = createApp(config, { dbPath: join(root, 'veille.db'), logger: silentLogger, write: (text) => posted.push(text.trimEnd()), clock });
    const url = server.url('/quiet.xml');
    await app.runCycle();
    clock.advance(24 * HOUR);
    await app.runCycle();
    expect(posted).toEqual([]);
    clock.advance(25 * HOUR);
    await app.runCycle();
    expect(posted).toEqual([`[veille] Quiet | Source silencieuse : Quiet | ${url}`]);
    clock.advance(24 * HOUR);
    await app.runCycle();
    expect(posted).toHaveLength(1);
    server.set('/quiet.xml', { body: rss('Quiet', [{ title: 'Huawei : du neuf', link: 'https://news.example/new' }, { title: 'old', link: 'https://news.example/old' }]), etag: true });
    clock.advance(HOUR);
    await app.runCycle();
    expect(posted).toEqual([
      `[veille] Quiet | Source silencieuse : Quiet | ${url}`,
      '[cloud] Quiet | Huawei : du neuf | https://news.example/new | Huawei',
      `[veille] Quiet | Source de nouveau active : Quiet | ${url}`,
    ]);
  });

  it('sends notices to the `alerts` destinations when configured', async () => {
    const { cycle } = await startApp('settings:\n  alert_after: 1\nalerts: [console]\n', [{ name: 'Gone', url: server.url('/gone.xml') }]);
    expect(await cycle()).toEqual([`[veille] Gone | Source en échec : Gone (1 cycle de suite) | ${server.url('/gone.xml')}`]);
  });
});
