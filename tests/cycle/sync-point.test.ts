import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { createApp } from '../../src/main.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

/** What another process sees in the state file: the sync points and the item records. */
function onDisk(path: string): { syncPoints: number; seen: number } {
  const reader = new Database(path, { readonly: true });
  try {
    return {
      syncPoints: (reader.prepare('SELECT count FROM sync_point').get() as { count: number }).count,
      seen: (reader.prepare('SELECT count(*) AS n FROM seen_items').get() as { n: number }).n,
    };
  } finally {
    reader.close();
  }
}

describe('a cycle makes its reads durable before it sends anything', () => {
  it('the sync point of the cycle is committed, after its reads, when the first message goes out', async () => {
    const root = await tempDir();
    const dbPath = join(root, 'veille.db');
    const first = { title: 'Huawei ouvre un datacenter en Alsace', link: 'https://news.example/1' };
    server.set('/feed.xml', { body: rss('Feed', [first]) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'Feed', url: server.url('/feed.xml') }] });
    const atSend: { syncPoints: number; seen: number }[] = [];
    const app = createApp(await loadConfig(dir, readRuntimeEnv({})), {
      dbPath,
      logger: silentLogger,
      write: () => {
        atSend.push(onDisk(dbPath));
      },
    });
    try {
      await app.runCycle(); // seeding: nothing sent
      expect({ atSend, after: onDisk(dbPath) }).toEqual({ atSend: [], after: { syncPoints: 1, seen: 1 } });

      server.set('/feed.xml', { body: rss('Feed', [{ title: 'SecNumCloud : Bleu obtient la qualification', link: 'https://news.example/2' }, first]) });
      await app.runCycle();
      expect(atSend).toEqual([{ syncPoints: 2, seen: 2 }]);
    } finally {
      await app.close();
    }
  });
});
