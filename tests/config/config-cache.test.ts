import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { configCacheFile, readRuntimeEnv } from '../../src/config/runtime-env.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** What loadConfig gives, or the problems it throws. */
async function outcome(dir: string, env: Record<string, string>, cacheFile?: string): Promise<unknown> {
  try {
    return await loadConfig(dir, readRuntimeEnv(env), cacheFile === undefined ? {} : { cacheFile });
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}

async function setup(config: Parameters<typeof writeConfigDir>[1]): Promise<{ dir: string; cacheFile: string }> {
  const root = await tempDir();
  return { dir: await writeConfigDir(root, config), cacheFile: join(root, 'veille-config.cache') };
}

describe('the config cache (veille once): parsed YAML kept from one process to the next', () => {
  it('gives the same config as a parse, from the second load on', async () => {
    const { dir, cacheFile } = await setup({ sources: [{ name: 'a', url: 'https://a.example/feed' }], extra: 'settings:\n  concurrency: 3\n' });
    const parsed = await outcome(dir, {});
    expect(await outcome(dir, {}, cacheFile)).toEqual(parsed);
    expect((await readFile(cacheFile)).length).toBeGreaterThan(0);
    expect(await outcome(dir, {}, cacheFile)).toEqual(parsed);
  });

  it('a first run writes the cache even when the state directory does not exist yet', async () => {
    const { dir } = await setup({ sources: [{ name: 'a', url: 'https://a.example/feed' }] });
    const cacheFile = join(await tempDir(), 'state', 'not-yet', 'veille-config.cache');
    const parsed = await outcome(dir, {}, cacheFile);
    expect((await readFile(cacheFile)).length).toBeGreaterThan(0);
    expect(await outcome(dir, {}, cacheFile)).toEqual(parsed);
  });

  it('any change in a file is seen at the next load', async () => {
    const { dir, cacheFile } = await setup({ sources: [{ name: 'a', url: 'https://a.example/feed' }] });
    await outcome(dir, {}, cacheFile);
    const sources = join(dir, 'sources.yaml');
    // One character: the cached entry is keyed by the file's exact text.
    await writeFile(sources, (await readFile(sources, 'utf8')).replace('a.example', 'b.example'));
    const changed = (await outcome(dir, {}, cacheFile)) as { sources: { url: string }[] };
    expect(changed.sources.map((source) => source.url)).toEqual(['https://b.example/feed']);
    expect(await outcome(dir, {}, cacheFile)).toEqual(await outcome(dir, {}));
  });

  it('variables are interpolated at each load: an unset one is reported with its line, as without the cache', async () => {
    const { dir, cacheFile } = await setup({ sources: [{ name: 'a', url: '${FEED_URL}' }] });
    const env = { FEED_URL: 'https://a.example/feed' };
    expect(await outcome(dir, env, cacheFile)).toEqual(await outcome(dir, env));
    expect(await outcome(dir, { FEED_URL: 'https://c.example/feed' }, cacheFile)).toMatchObject({ sources: [{ url: 'https://c.example/feed' }] });
    const unset = await outcome(dir, {}, cacheFile);
    expect(unset).toEqual(await outcome(dir, {}));
    expect(unset).toMatchObject({ problems: [{ file: expect.stringMatching(/sources\.yaml$/), line: 3, path: 'sources[0].url' }] });
  });

  it('warnings keep their line when the config comes from the cache', async () => {
    const { dir, cacheFile } = await setup({ sources: [{ name: 'a', url: 'https://a.example/feed' }], watches: [{ name: 'w', rule: ['Huawei', 'title:SecNumCloud'] }] });
    const parsed = (await outcome(dir, {})) as { warnings: { line?: number }[] };
    expect(parsed.warnings).toMatchObject([{ line: 3 }]);
    await outcome(dir, {}, cacheFile);
    expect(await outcome(dir, {}, cacheFile)).toEqual(parsed);
  });

  it('a damaged or foreign cache file is ignored, then replaced', async () => {
    const { dir, cacheFile } = await setup({ sources: [{ name: 'a', url: 'https://a.example/feed' }] });
    await writeFile(cacheFile, 'not a cache');
    expect(await outcome(dir, {}, cacheFile)).toEqual(await outcome(dir, {}));
    expect((await readFile(cacheFile, 'utf8')).includes('not a cache')).toBe(false);
    expect(await outcome(dir, {}, cacheFile)).toEqual(await outcome(dir, {}));
  });

  it('a YAML syntax error is reported with its line, and not kept', async () => {
    const { dir, cacheFile } = await setup({ sources: [{ name: 'a', url: 'https://a.example/feed' }], extra: 'settings:\n  concurrency: [3\n' });
    const result = await outcome(dir, {}, cacheFile);
    expect(result).toEqual(await outcome(dir, {}));
    expect(result).toMatchObject({ problems: [{ file: expect.stringMatching(/extra\.yaml$/), line: expect.any(Number) }] });
  });
});

describe('configCacheFile', () => {
  it('is in the directory of the SQLite state file; none with PostgreSQL or an in-memory state', () => {
    expect(configCacheFile(readRuntimeEnv({ VEILLE_DB: '/data/veille.db' }))).toBe('/data/veille-config.cache');
    expect(configCacheFile(readRuntimeEnv({}))).toBe(join('data', 'veille-config.cache'));
    expect(configCacheFile(readRuntimeEnv({ VEILLE_DB: '/data/veille.db', VEILLE_DATABASE_URL: 'postgres://u@h/db' }))).toBeUndefined();
    expect(configCacheFile(readRuntimeEnv({ VEILLE_DB: ':memory:' }))).toBeUndefined();
  });
});
