import { join } from 'node:path';
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

describe('App.loadedConfig (what the web pages show)', () => {
  it('is a reload\'s configuration as soon as it is built, while `config` stays the running one until the next cycle', async () => {
    const root = await tempDir();
    server.set('/a.xml', { body: rss('A', []) });
    server.set('/b.xml', { body: rss('B', []) });
    const first = await loadConfig(await writeConfigDir(join(root, 'one'), { sources: [{ name: 'A', url: server.url('/a.xml') }] }), readRuntimeEnv({}));
    const second = await loadConfig(
      await writeConfigDir(join(root, 'two'), { sources: [{ name: 'A', url: server.url('/a.xml') }, { name: 'B', url: server.url('/b.xml') }] }),
      readRuntimeEnv({}),
    );
    const app = createApp(first, { dbPath: join(root, 'veille.db'), logger: silentLogger, write: () => {} });
    try {
      expect(app.loadedConfig).toBe(first);
      app.reconfigure(second);
      expect(app.config).toBe(first);
      expect(app.loadedConfig).toBe(second);
      await app.runCycle();
      expect(app.config).toBe(second);
      expect(app.loadedConfig).toBe(second);
      expect((await app.store.listSources()).map((source) => source.name).sort()).toEqual(['A', 'B']);
    } finally {
      await app.close();
    }
  });
});
