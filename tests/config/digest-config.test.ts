import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCron } from '../../src/config/check-cron.js';
import { checkRule } from '../../src/config/check-rule.js';
import { loadConfig } from '../../src/config/load-config.js';
import { readConfigDir } from '../../src/config/read-config-dir.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { DESTINATION_KINDS } from '../../src/deliver/kinds.js';
import { checkDigestCron } from '../../src/digest/digest-times.js';
import { ConfigError } from '../../src/errors/config-error.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

/** `digest:` on a watch or on one of its `to:` entries: checked by `check` and `run` alike (file, line, field; exit 2). */
const tempDir = useTempDirs();

const HEAD = [
  'sources:',
  '  - name: a',
  '    url: http://127.0.0.1:1/feed.xml',
  'destinations:',
  '  console:',
  '    type: console',
  '  teams:',
  '    type: teams',
  '    webhook_url: https://example.webhook.office.com/workflows/a1b2c3/triggers/manual/paths/invoke?api-version=1&sig=s3cr3t',
  'watches:',
  '  - name: w',
  '    rule: [Huawei]',
].join('\n');

async function configDir(watch: string): Promise<string> {
  const dir = join(await tempDir(), 'config');
  await mkdir(dir);
  await writeFile(join(dir, 'veille.yaml'), `${HEAD}\n${watch}`);
  return dir;
}

const problems = (stderr: string, dir: string) =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('  '))
    .map((line) => line.trim().replaceAll(`${dir}/`, ''));

const BROKEN = [
  {
    name: 'a watch digest with 4 fields',
    watch: '    digest: "0 8 * *"\n    to: [console]\n',
    problem: "veille.yaml:13: watches[0].digest: invalid digest cron expression '0 8 * *': expected 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 8 * * 1-5\"; found 4",
  },
  {
    name: 'a destination digest with hour 25',
    watch: '    to:\n      - name: console\n        digest: "0 25 * * 1-5"\n',
    problem: "veille.yaml:15: watches[0].to[0].digest: invalid digest cron expression '0 25 * * 1-5': Invalid value for hour: 25",
  },
  {
    name: 'a to entry with an unknown key',
    watch: '    to:\n      - name: console\n        digest: "0 8 * * *"\n        every: daily\n',
    problem: "veille.yaml:16: watches[0].to[0].every: unknown key 'every'",
  },
];

describe('digest: in the config', () => {
  it.each(BROKEN)('$name: check and run exit 2 with the same problem', async ({ watch, problem }) => {
    const dir = await configDir(watch);
    const check = await runCliInProcess(['check', '--config', dir], {});
    const run = await runCliInProcess(['run', '--config', dir], { env: { VEILLE_DB: join(dir, 'state.db') } });
    expect([check.code, problems(check.stderr, dir)]).toEqual([2, [problem]]);
    expect([run.code, problems(run.stderr, dir)]).toEqual([2, [problem]]);
  });

  it('a watch digest applies to each destination; a to entry overrides it for its own', async () => {
    const dir = await configDir('    digest: "0 8 * * 1-5"\n    to:\n      - console\n      - name: teams\n        digest: ""\n');
    await expect(loadConfig(dir, readRuntimeEnv({}))).rejects.toThrow(/watches\[0\]\.to\[1\]/);
    const both = await configDir('    digest: "0 8 * * 1-5"\n    to:\n      - console\n      - name: teams\n        digest: "0 17 * * 5"\n');
    expect((await loadConfig(both, readRuntimeEnv({}))).watches[0]).toMatchObject({ to: ['console', 'teams'], digests: { console: '0 8 * * 1-5', teams: '0 17 * * 5' } });
    const ok = await configDir('    digest: " 0 8 * * 1-5 "\n    to:\n      - name: console\n        digest: "30 17 * * 5"\n');
    const config = await loadConfig(ok, readRuntimeEnv({}));
    expect(config.watches[0]).toMatchObject({ to: ['console'], digests: { console: '30 17 * * 5' } });
    const plain = await configDir('    digest: " 0 8 * * 1-5 "\n    to: [console]\n');
    expect((await loadConfig(plain, readRuntimeEnv({}))).watches[0]).toMatchObject({ to: ['console'], digests: { console: '0 8 * * 1-5' } });
    const none = await configDir('    to: [console, teams]\n');
    expect((await loadConfig(none, readRuntimeEnv({}))).watches[0]?.digests).toBeUndefined();
  });

  it('refuses a digest to a kind whose digests capability is off (file, line, field)', async () => {
    const dir = await configDir('    to:\n      - teams\n      - name: console\n        digest: "0 8 * * *"\n');
    const { documents } = await readConfigDir(dir);
    const kinds = DESTINATION_KINDS.map((kind) => (kind.kind === 'console' ? { ...kind, digests: false } : kind));
    const options = { dir, env: {}, apis: {}, checkRule, checkCron, checkDigestCron };
    expect(resolveConfig(documents, options).watches[0]?.digests).toEqual({ console: '0 8 * * *' });
    expect(() => resolveConfig(documents, { ...options, kinds })).toThrow(ConfigError);
    try {
      resolveConfig(documents, { ...options, kinds });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        { file: join(dir, 'veille.yaml'), line: 16, path: 'watches[0].to[1].digest', message: "destination 'console' (console) cannot receive digests" },
      ]);
    }
  });

  it('VEILLE_NOW must be an ISO time with an offset', async () => {
    expect(() => readRuntimeEnv({ VEILLE_NOW: '2026-03-02 08:00' })).toThrow(/VEILLE_NOW/);
    const offset = readRuntimeEnv({ VEILLE_NOW: '2026-03-02T08:00:00+01:00' }).clockOffsetMs ?? 0;
    expect(Math.abs(Date.now() + offset - Date.parse('2026-03-02T07:00:00Z'))).toBeLessThan(60_000);
  });
});
