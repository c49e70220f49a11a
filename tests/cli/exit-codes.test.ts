import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/**
 * One meaning per exit code, whatever the command (the README's table): 0 done; 1 the command
 * could not do its work (state file unusable or held, input unreadable); 2 what was asked is
 * wrong (invalid configuration or environment, unknown command or option, missing argument).
 */
interface Case {
  readonly name: string;
  readonly args: (dirs: { valid: string; invalid: string }) => string[];
  readonly state?: 'corrupt';
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  readonly code: 0 | 1 | 2;
  /** A line of stderr (or stdout when `out`), exactly. */
  readonly says?: string | RegExp;
}

const CASES: readonly Case[] = [
  { name: 'check, valid', args: ({ valid }) => ['check', '--config', valid], code: 0 },
  ...(['check', 'once', 'run', 'match', 'sources', 'export-opml'] as const).map(
    (command): Case => ({ name: `${command}, invalid config`, args: ({ invalid }) => [command, '--config', invalid, ...(command === 'match' ? ['Huawei'] : [])], code: 2, says: /^veille: invalid configuration in / }),
  ),
  { name: 'import-opml, invalid config', args: ({ invalid }) => ['import-opml', '-', '--config', invalid], stdin: '<opml version="2.0"><body/></opml>', code: 2, says: /^veille: invalid configuration in / },
  { name: 'import-opml, no FILE', args: ({ valid }) => ['import-opml', '--config', valid], code: 2, says: 'veille import-opml: give the OPML FILE to import (- for standard input)' },
  { name: 'import-opml, unreadable FILE', args: ({ valid }) => ['import-opml', '/nonexistent.opml', '--config', valid], code: 1, says: 'veille import-opml: cannot read /nonexistent.opml: no such file' },
  { name: 'match, no TITLE', args: ({ valid }) => ['match', '--config', valid], code: 2 },
  { name: 'match, a --jsonl line that is not JSON', args: ({ valid }) => ['match', '--jsonl', '--config', valid], stdin: 'not json\n', code: 1, says: 'veille match: stdin line 1: not valid JSON' },
  { name: 'match, a title', args: ({ valid }) => ['match', '--config', valid, 'Huawei'], code: 0 },
  { name: 'sources, corrupt state file', args: ({ valid }) => ['sources', '--config', valid], state: 'corrupt', code: 1 },
  { name: 'once, corrupt state file', args: ({ valid }) => ['once', '--config', valid], state: 'corrupt', code: 1 },
  { name: 'sources, no state yet', args: ({ valid }) => ['sources', '--config', valid], code: 0 },
  { name: 'unknown command', args: () => ['frobnicate'], code: 2, says: "veille: unknown command 'frobnicate'" },
  { name: 'unknown option', args: ({ valid }) => ['check', '--config', valid, '--frob'], code: 2, says: "veille: unknown option '--frob'" },
  { name: 'option without its value', args: () => ['check', '--config'], code: 2, says: "veille: option '--config' needs a value" },
  { name: 'no command', args: () => [], code: 2 },
  { name: '--help', args: () => ['--help'], code: 0 },
  { name: '--version', args: () => ['--version'], code: 0 },
  {
    name: 'unknown VEILLE_LOG_LEVEL',
    args: ({ valid }) => ['check', '--config', valid],
    env: { VEILLE_LOG_LEVEL: 'verbose' },
    code: 2,
    says: "  environment: VEILLE_LOG_LEVEL: unknown log level 'verbose' (expected one of: trace, debug, info, warn, error, fatal, silent)",
  },
  {
    name: 'unknown LOG_LEVEL',
    args: ({ valid }) => ['sources', '--config', valid],
    env: { VEILLE_LOG_LEVEL: '', LOG_LEVEL: 'chatty' },
    code: 2,
    says: "  environment: LOG_LEVEL: unknown log level 'chatty' (expected one of: trace, debug, info, warn, error, fatal, silent)",
  },
];

describe('exit codes', () => {
  it.each(CASES)('$name: exit $code', async ({ args, state, env, stdin, code, says }) => {
    const root = await tempDir();
    const valid = await writeConfigDir(join(root, 'valid'), { sources: [{ name: 'A', url: 'http://127.0.0.1:9/feed' }] });
    const invalid = await writeConfigDir(join(root, 'invalid'), { sources: [{ name: 'A', url: 'gopher://x' }] });
    const db = join(root, 'veille.db');
    if (state === 'corrupt') await writeFile(db, 'this is not an SQLite database, just text that fills a page '.repeat(100));
    const result = await runCliInProcess(args({ valid, invalid }), { env: { VEILLE_DB: db, ...env }, ...(stdin === undefined ? {} : { stdin }) });
    expect(result.code).toBe(code);
    if (says !== undefined) {
      const lines = result.stderr.split('\n');
      expect(lines.some((line) => (typeof says === 'string' ? line === says : says.test(line))), result.stderr).toBe(true);
    }
  });

  it('--version prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    expect(await runCliInProcess(['--version'])).toEqual({ code: 0, stdout: `veille ${version}\n`, stderr: '' });
  });
});
