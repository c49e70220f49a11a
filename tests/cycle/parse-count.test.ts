import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
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
});
