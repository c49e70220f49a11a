import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { fetchFeed, type FetchFeedRequest } from '../../src/fetch/fetch-feed.js';
import { createApp } from '../../src/main.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { silentLogger } from '../helpers/silent-logger.js';

const tempDir = useTempDirs();
const server = useFeedServer();

describe('what a quiet cycle costs', () => {
  it('a 304 and a byte-identical body are never parsed (parser calls counted)', async () => {
    const root = await tempDir();
    server.set('/etag.xml', { body: rss('ETag', [{ title: 'a', link: 'https://news.example/a' }]), etag: true });
    server.set('/plain.xml', { body: rss('Plain', [{ title: 'b', link: 'https://news.example/b' }]) });
    const dir = await writeConfigDir(root, {
      sources: [
        { name: 'ETag', url: server.url('/etag.xml') },
        { name: 'Plain', url: server.url('/plain.xml') },
      ],
    });
    const parsed: string[] = [];
    const app = createApp(await loadConfig(dir, readRuntimeEnv({})), {
      dbPath: join(root, 'veille.db'),
      logger: silentLogger,
      write: () => {},
      parseFeed: (xml) => {
        parsed.push(xml.includes('<title>ETag</title>') ? 'ETag' : 'Plain');
        return parseFeed(xml);
      },
    });
    try {
      await app.runCycle();
      expect(parsed.sort()).toEqual(['ETag', 'Plain']);
      await app.runCycle();
      await app.runCycle();
      expect(parsed).toHaveLength(2);
      expect(server.requests.map((r) => `${r.path} ${r.status}`).sort()).toEqual([
        '/etag.xml 200',
        '/etag.xml 304',
        '/etag.xml 304',
        '/plain.xml 200',
        '/plain.xml 200',
        '/plain.xml 200',
      ]);
      // A changed body is parsed again.
      server.set('/plain.xml', { body: rss('Plain', [{ title: 'c', link: 'https://news.example/c' }, { title: 'b', link: 'https://news.example/b' }]) });
      await app.runCycle();
      expect(parsed).toHaveLength(3);
    } finally {
      await app.close();
    }
  });

  it('a byte-identical gzip body is compared as received: not decompressed, not parsed, its hash stored', async () => {
    const root = await tempDir();
    const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
    const first = gzipSync(rss('Gzip', [{ title: 'a', link: 'https://news.example/a' }]));
    server.set('/gzip.xml', { body: first, headers: { 'content-encoding': 'gzip' } });
    const dir = await writeConfigDir(root, { sources: [{ name: 'Gzip', url: server.url('/gzip.xml') }] });
    const requests: FetchFeedRequest[] = [];
    const results: string[] = [];
    let parsed = 0;
    const app = createApp(await loadConfig(dir, readRuntimeEnv({})), {
      dbPath: join(root, 'veille.db'),
      logger: silentLogger,
      write: () => {},
      fetchFeed: async (request, options) => {
        requests.push(request);
        const result = await fetchFeed(request, options);
        results.push(result.kind);
        return result;
      },
      parseFeed: (xml) => {
        parsed += 1;
        return parseFeed(xml);
      },
    });
    try {
      const seeding = await app.runCycle();
      const quiet = await app.runCycle();
      const second = gzipSync(rss('Gzip', [{ title: 'b', link: 'https://news.example/b' }, { title: 'a', link: 'https://news.example/a' }]));
      server.set('/gzip.xml', { body: second, headers: { 'content-encoding': 'gzip' } });
      const changed = await app.runCycle();

      expect([seeding.parsed, quiet.unchanged, quiet.parsed, changed.parsed, changed.newItems]).toEqual([1, 1, 0, 1, 1]);
      expect(parsed).toBe(2);
      // Seeding has nothing to compare with; then the hash of the gzip bytes as received is passed back.
      expect(requests.map((request) => request.previousBodyHash)).toEqual([undefined, sha256(first), sha256(first)]);
      expect(results).toEqual(['ok', 'same-body', 'ok']);
      expect((await app.store.getSource('Gzip'))?.validators.bodyHash).toBe(sha256(second));
    } finally {
      await app.close();
    }
  });
});
