import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODE_CACHE_MAX_AGE_MS, CODE_CACHE_REFRESH_MS, entryName } from '../../src/cli/code-cache.js';
import { codeCacheDir } from '../../src/config/runtime-env.js';

/**
 * The bin's code cache for Node 20 (src/cli/code-cache.ts), in child processes: it replaces Node's
 * CommonJS compile for a directory, which must not happen inside the test runner. The children use
 * tsc's build of the module (dist/cli/code-cache.js: `npm test` builds first).
 */
const CODE_CACHE_MODULE = fileURLToPath(new URL('../../dist/cli/code-cache.js', import.meta.url));

const RUNNER = `
import module from 'node:module';
import { enableCodeCache } from ${JSON.stringify(CODE_CACHE_MODULE)};
const [scope, dir, flags, entry, mode] = process.argv.slice(2);
const enabled = enableCodeCache({ moduleClass: module, scope, dir, flags, uid: process.getuid?.(), onExit: (save) => process.once('exit', save), now: () => Date.now() });
const loaded = module.createRequire(import.meta.url)(entry);
// 'load': the modules run, describe() is never called (nor compiled); 'fail': the process exits with an error.
process.stdout.write(JSON.stringify(mode === 'load' ? { enabled } : { enabled, ...loaded.describe() }));
if (mode === 'fail') process.exitCode = 1;
`;

const A_SOURCE = `const b = require('./b.cjs');
module.exports.describe = () => ({ sum: b.add(2, 3), file: __filename, dir: __dirname, resolved: require.resolve('./b.cjs'), cached: require.cache[require.resolve('./b.cjs')] !== undefined, self: module.exports === exports });
`;
const B_SOURCE = `module.exports.add = (x, y) => x + y;\n`;

let root: string;
let scope: string;
let dir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'veille-code-cache-test-'));
  scope = join(root, 'bin');
  dir = join(root, 'cache');
  mkdirSync(scope);
  writeFileSync(join(scope, 'a.cjs'), A_SOURCE);
  writeFileSync(join(scope, 'b.cjs'), B_SOURCE);
  writeFileSync(join(root, 'runner.mjs'), RUNNER);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

async function run(options: { readonly scope?: string; readonly flags?: string; readonly mode?: 'describe' | 'load' | 'fail' } = {}): Promise<Record<string, unknown>> {
  const args = [join(root, 'runner.mjs'), options.scope ?? scope, dir, options.flags ?? '', join(scope, 'a.cjs'), options.mode ?? 'describe'];
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, args, (error, out) => (error === null || (options.mode === 'fail' && error.code === 1) ? resolve(out) : reject(error))),
  );
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** Each entry file's name, inode and modification time: a rewrite (temporary file renamed) changes the inode. */
function entries(): Map<string, string> {
  return new Map(readdirSync(dir).map((name) => [name, `${statSync(join(dir, name)).ino}:${statSync(join(dir, name)).mtimeMs}`]));
}

const entryOf = (source: string, flags = '') => entryName(flags, source);

describe('the code cache', () => {
  it('runs the modules as Node would, and keeps one entry per file, private to the user', async () => {
    const result = await run();
    expect(result).toEqual({ enabled: true, sum: 5, file: join(scope, 'a.cjs'), dir: scope, resolved: join(scope, 'b.cjs'), cached: true, self: true });
    expect([...entries().keys()].sort()).toEqual([entryOf(A_SOURCE), entryOf(B_SOURCE)].sort());
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, entryOf(A_SOURCE))).mode & 0o777).toBe(0o600);
  });

  it('uses the entries of the previous process without writing them again (V8 accepted them)', async () => {
    await run();
    const first = entries();
    const result = await run();
    expect(result['sum']).toBe(5);
    expect(entries()).toEqual(first);
  });

  it('writes again an entry V8 refuses (damaged), and the module still runs', async () => {
    await run();
    const file = join(dir, entryOf(A_SOURCE));
    writeFileSync(file, Buffer.alloc(2_000, 7));
    const result = await run();
    expect(result['sum']).toBe(5);
    expect(readFileSync(file).equals(Buffer.alloc(2_000, 7))).toBe(false);
    expect(readFileSync(file).length).toBeGreaterThan(0);
  });

  it('writes nothing when the process exits with an error (it may have stopped before compiling most of the code)', async () => {
    const result = await run({ mode: 'fail' });
    expect(result['sum']).toBe(5);
    expect(entries().size).toBe(0);
  });

  it('refreshes an entry a day old: written again when the process compiled more, else only touched', async () => {
    const file = join(dir, entryOf(A_SOURCE));
    const age = (ms: number) => utimesSync(file, new Date(Date.now() - ms), new Date(Date.now() - ms));
    const inode = () => statSync(file).ino;
    // A first process that never called describe(): its entry lacks that function.
    await run({ mode: 'load' });
    const sparse = readFileSync(file).length;
    // Less than a day old: used as it is, even by a process that compiles more.
    age(CODE_CACHE_REFRESH_MS - 60_000);
    const before = inode();
    await run();
    expect([inode(), readFileSync(file).length]).toEqual([before, sparse]);
    // A day old: the process that compiled describe() too writes it again, larger.
    age(CODE_CACHE_REFRESH_MS + 60_000);
    await run();
    const full = readFileSync(file).length;
    expect(full).toBeGreaterThan(sparse);
    expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(60_000);
    // A day old again, and the process compiles nothing more: touched, not written.
    age(CODE_CACHE_REFRESH_MS + 60_000);
    const rewritten = inode();
    expect((await run())['sum']).toBe(5);
    expect([inode(), readFileSync(file).length]).toEqual([rewritten, full]);
    expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(60_000);
    expect(CODE_CACHE_REFRESH_MS).toBe(24 * 60 * 60 * 1000);
  });

  it('keys an entry on the exact text: a change of the same length is another entry', async () => {
    await run();
    const changed = B_SOURCE.replace('x + y', 'y + x');
    expect(changed.length).toBe(B_SOURCE.length);
    writeFileSync(join(scope, 'b.cjs'), changed);
    await run();
    expect([...entries().keys()].sort()).toEqual([entryOf(A_SOURCE), entryOf(B_SOURCE), entryOf(changed)].sort());
  });

  it('keys an entry on the V8 flags veille set before loading', async () => {
    await run();
    await run({ flags: '--interrupt-budget=405504' });
    expect([...entries().keys()].sort()).toEqual([entryOf(A_SOURCE), entryOf(B_SOURCE), entryOf(A_SOURCE, '--interrupt-budget=405504'), entryOf(B_SOURCE, '--interrupt-budget=405504')].sort());
  });

  it('leaves files outside its scope to Node', async () => {
    const result = await run({ scope: join(root, 'elsewhere') });
    expect(result['sum']).toBe(5);
    expect(entries().size).toBe(0);
  });

  it('is not used in a directory others may write to', async () => {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o777);
    const result = await run();
    expect(result).toMatchObject({ enabled: false, sum: 5 });
    expect(entries().size).toBe(0);
  });

  it('removes entries not rewritten for 30 days when it saves', async () => {
    mkdirSync(dir, { mode: 0o700 });
    const old = join(dir, 'veille-old.v8cache');
    const recent = join(dir, 'veille-recent.v8cache');
    const other = join(dir, 'someone-else.bin');
    for (const file of [old, recent, other]) writeFileSync(file, 'x');
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
    utimesSync(old, daysAgo(31), daysAgo(31));
    utimesSync(recent, daysAgo(29), daysAgo(29));
    utimesSync(other, daysAgo(90), daysAgo(90));
    expect(CODE_CACHE_MAX_AGE_MS).toBe(30 * 24 * 60 * 60 * 1000);
    await run();
    expect([...entries().keys()].sort()).toEqual([entryOf(A_SOURCE), entryOf(B_SOURCE), 'someone-else.bin', 'veille-recent.v8cache'].sort());
  });
});

describe('codeCacheDir', () => {
  it.each([
    { env: {}, uid: 1000, dir: '/tmp/veille-code-cache-1000' },
    { env: {}, uid: undefined, dir: '/tmp/veille-code-cache' },
    { env: { NODE_COMPILE_CACHE: '/data/compile-cache' }, uid: 1000, dir: '/data/compile-cache' },
    { env: { NODE_COMPILE_CACHE: '  ' }, uid: 1000, dir: '/tmp/veille-code-cache-1000' },
    { env: { NODE_DISABLE_COMPILE_CACHE: '1', NODE_COMPILE_CACHE: '/data/compile-cache' }, uid: 1000, dir: undefined },
  ])('$env, uid $uid: $dir', ({ env, uid, dir: expected }) => {
    expect(codeCacheDir(env, '/tmp', uid)).toBe(expected);
  });
});
