import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const SOURCES = [{ name: 'a', url: 'https://a.example/feed' }];

describe('settings.replica_lease', () => {
  it.each([
    [undefined, undefined],
    ['90s', 90_000],
    ['2m', 120_000],
    ['1s', 1_000],
  ])('%s gives replicaLeaseMs %s (unset: the default applies where it is used, 60 s)', async (text, ms) => {
    const dir = await writeConfigDir(await tempDir(), { sources: SOURCES, ...(text === undefined ? {} : { extra: `settings:\n  replica_lease: ${text}\n` }) });
    expect((await loadConfig(dir, readRuntimeEnv({}))).settings.replicaLeaseMs).toBe(ms);
  });

  it('refuses a lease under a second, with file, line and field', async () => {
    const dir = await writeConfigDir(await tempDir(), { sources: SOURCES, extra: 'settings:\n  replica_lease: 500ms\n' });
    const result = await runCliInProcess(['check', '--config', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('extra.yaml:2: settings.replica_lease: expected a duration of at least 1s, such as 60s');
  });
});
