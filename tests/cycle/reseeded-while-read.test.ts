import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import type { Logger } from '../../src/log/logger.js';
import { createApp } from '../../src/main.js';
import type { Store } from '../../src/store/store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const server = useFeedServer();

/** A logger that keeps the warnings' messages. */
function warningsLogger(warnings: string[]): Logger {
  const logger: Logger = { debug() {}, info() {}, warn: (_fields: unknown, msg?: string) => void warnings.push(String(msg)), error() {}, child: () => logger };
  return logger;
}

/**
 * Replicas (issue 13): another replica's prune can unseed a source (not read successfully for the
 * whole retention) and forget its items while this replica reads it, after this read compared the
 * feed against those items. Nothing old may be posted, then or at the next read.
 */
describe('a source unseeded by prune while it is read', () => {
  it('posts none of the items its feed listed, records them all, and posts what comes after', async () => {
    const root = await tempDir();
    const old = [
      { title: 'Huawei ouvre un datacenter en Alsace', link: 'https://news.example/1' },
      { title: 'SecNumCloud : la qualification de Bleu avance', link: 'https://news.example/2' },
    ];
    server.set('/feed.xml', { body: rss('Feed', old) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'Feed', url: server.url('/feed.xml') }] });
    const sqlite = openSqliteStore(join(root, 'veille.db'));
    // The prune of "another replica", run once between this read's comparison and its commit.
    let pruneArmed = false;
    const store = new Proxy<Store>(sqlite, {
      get(target, property, receiver) {
        if (property === 'commitSourceSuccess') {
          return async (...args: Parameters<Store['commitSourceSuccess']>) => {
            if (pruneArmed) {
              pruneArmed = false;
              await target.prune('2999-01-01T00:00:00.000Z');
            }
            return target.commitSourceSuccess(...args);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const posted: string[] = [];
    const warnings: string[] = [];
    const app = createApp(await loadConfig(dir, readRuntimeEnv({})), { dbPath: join(root, 'unused.db'), store, logger: warningsLogger(warnings), write: (text) => void posted.push(text) });
    try {
      await app.runCycle(); // first read: recorded, nothing posted
      const third = { title: 'Huawei Cloud obtient un nouveau client en France', link: 'https://news.example/3' };
      server.set('/feed.xml', { body: rss('Feed', [third, ...old]) });
      pruneArmed = true;
      const report = await app.runCycle();
      expect(pruneArmed).toBe(false);
      expect({ posted, pending: await sqlite.pendingCount(), fetched: report.fetched }).toEqual({ posted: [], pending: 0, fetched: 1 });
      expect(warnings).toContain('this source was unseeded while it was read: its items are recorded as a first read, not posted');
      expect(await sqlite.getSource('Feed')).toMatchObject({ seeded: true });

      // The next read posts only what is new since.
      const fourth = { title: 'Huawei annonce un second datacenter en France', link: 'https://news.example/4' };
      server.set('/feed.xml', { body: rss('Feed', [fourth, third, ...old]) });
      expect(await app.runCycle()).toMatchObject({ fetched: 1, newItems: 1, matched: 1, delivered: 1 });
      expect(posted.join('\n')).toContain('https://news.example/4');
      expect(old.concat(third).filter((item) => posted.join('\n').includes(item.link))).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
