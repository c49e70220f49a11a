import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { createApp } from '../../src/main.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { createTestClock } from '../helpers/test-clock.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { silentLogger } from '../helpers/silent-logger.js';

const tempDir = useTempDirs();
const server = useFeedServer();

describe('each read of a source is kept for the web page', () => {
  it('how long it took (by the cycle\'s clock) and how it ended; a source backing off is not read, so not recorded', async () => {
    const root = await tempDir();
    server.set('/etag.xml', { body: rss('ETag', [{ title: 'a', link: 'https://news.example/a' }]), etag: true });
    server.set('/plain.xml', { body: rss('Plain', [{ title: 'b', link: 'https://news.example/b' }]) });
    server.set('/broken.xml', { body: 'down', status: 500, contentType: 'text/plain' });
    const dir = await writeConfigDir(root, {
      sources: [
        { name: 'ETag', url: server.url('/etag.xml') },
        { name: 'Plain', url: server.url('/plain.xml') },
        { name: 'Broken', url: server.url('/broken.xml') },
      ],
      // One source at a time: each read's duration is what its own fetch moved the clock.
      extra: 'settings:\n  concurrency: 1\n',
    });
    const clock = createTestClock('2026-11-23T12:00:00.000Z');
    const fetchMs: Record<string, number> = { '/etag.xml': 300, '/plain.xml': 1_200, '/broken.xml': 45 };
    const app = createApp(await loadConfig(dir, readRuntimeEnv({})), {
      dbPath: join(root, 'veille.db'),
      logger: silentLogger,
      write: () => {},
      clock,
      fetchFeed: async (request, options) => {
        clock.advance(fetchMs[new URL(request.url).pathname] ?? 0);
        return fetchFeed(request, options);
      },
    });
    try {
      await app.runCycle();
      clock.advance(60_000);
      await app.runCycle();
      // Two failures in a row: Broken now backs off (5 min), the third cycle skips it.
      clock.advance(60_000);
      await app.runCycle();
      const series = await app.store.listSourceReads('2026-11-23T00:00:00.000Z');
      expect(series.map(({ source, reads }) => [source, reads.map((read) => `${read.durationMs} ${read.outcome}`)])).toEqual([
        ['Broken', ['45 failed', '45 failed']],
        ['ETag', ['300 read', '300 not-modified', '300 not-modified']],
        ['Plain', ['1200 read', '1200 unchanged', '1200 unchanged']],
      ]);
      // Each kept at the time its read ended: the cycles started at 12:00:00, 12:01:01.545 and
      // 12:02:03.090, so the third cycle's Plain read ended at 12:02:04.590, its ETag read at 12:02:03.390.
      const since = async (at: string) => (await app.store.listSourceReads(at)).map(({ source, reads }) => [source, reads.length]);
      expect(await since('2026-11-23T12:02:04.590Z')).toEqual([['Plain', 1]]);
      expect(await since('2026-11-23T12:02:04.589Z')).toEqual([['Plain', 1]]);
      expect(await since('2026-11-23T12:02:03.390Z')).toEqual([['ETag', 1], ['Plain', 1]]);
      expect(await since('2026-11-23T12:02:03.391Z')).toEqual([['Plain', 1]]);
    } finally {
      await app.close();
    }
  });
});
