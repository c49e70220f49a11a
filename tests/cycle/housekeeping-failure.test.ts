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

/** The store, with `failing` methods that throw (a deadlock or a blip of the database). */
function failingStore(store: Store, failing: ReadonlySet<string>): Store {
  return new Proxy<Store>(store, {
    get(target, property, receiver) {
      if (typeof property === 'string' && failing.has(property)) return () => Promise.reject(new Error(`${property}: deadlock detected`));
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a housekeeping step that fails after the reads and sends', () => {
  it.each([['prune'], ['expirePending'], ['prune', 'expirePending']])('%s failing: the cycle still reports, warns, and the next one runs', async (...methods) => {
    const root = await tempDir();
    const first = { title: 'Huawei ouvre un datacenter en Alsace', link: 'https://news.example/1' };
    server.set('/feed.xml', { body: rss('Feed', [first]) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'Feed', url: server.url('/feed.xml') }] });
    const warnings: { step: unknown; msg: string }[] = [];
    const logger: Logger = { debug() {}, info() {}, error() {}, warn: (fields: unknown, msg?: string) => void warnings.push({ step: (fields as { step?: unknown }).step, msg: String(msg) }), child: () => logger };
    const posted: string[] = [];
    const store = failingStore(openSqliteStore(join(root, 'veille.db')), new Set(methods));
    const app = createApp(await loadConfig(dir, readRuntimeEnv({})), { dbPath: join(root, 'unused.db'), store, logger, write: (text) => void posted.push(text) });
    try {
      expect(await app.runCycle()).toMatchObject({ fetched: 1, newItems: 1, delivered: 0 });
      server.set('/feed.xml', { body: rss('Feed', [{ title: 'SecNumCloud : Huawei Cloud candidat', link: 'https://news.example/2' }, first]) });
      expect(await app.runCycle()).toMatchObject({ fetched: 1, newItems: 1, delivered: 1, pending: 0 });
      expect(posted).toHaveLength(1);
      const steps = { prune: 'forget what the retention no longer needs', expirePending: 'give up on deliveries that could not be made in time' } as const;
      // Each failing step warned once per cycle, in the order the cycle runs them.
      const order = ['expirePending', 'prune'].filter((method) => methods.includes(method)).map((method) => steps[method as keyof typeof steps]);
      expect(warnings).toEqual([...order, ...order].map((step) => ({ step, msg: 'a housekeeping step failed; the next cycle runs it again' })));
    } finally {
      await app.close();
    }
  });
});
