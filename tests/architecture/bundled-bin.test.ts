import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import module, { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI_PATH } from '../helpers/spawn-cli.js';

/**
 * The built bin (`npm run build`: tsc, then bundle-bin.mjs) is one CommonJS bundle: dist/cli.cjs and its
 * chunks in dist/chunks/ import only Node's built-in modules and the packages left out of the
 * bundle on purpose (native, or loaded only when used). Every test that spawns dist/cli.cjs runs it.
 */
const DIST = new URL('../../dist/', import.meta.url);
const bundleFiles = () => ['cli.cjs', ...readdirSync(new URL('chunks/', DIST)).filter((name) => name.endsWith('.cjs')).map((name) => `chunks/${name}`)];

/** Module ids a file imports (static, dynamic, require) that are not relative paths. */
function packagesImported(text: string): string[] {
  const ids = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)"(@?[\w./:-]+)"/g)].map(([, id = '']) => id);
  return ids.filter((id) => !id.startsWith('.'));
}

describe('the bundled bin', () => {
  it('imports only built-in modules and the packages kept out of the bundle', () => {
    const builtins = new Set(builtinModules);
    const imported = new Set(bundleFiles().flatMap((file) => packagesImported(readFileSync(new URL(file, DIST), 'utf8'))));
    const packages = [...imported].filter((id) => !id.startsWith('node:') && !builtins.has(id)).sort();
    // better-sqlite3's JavaScript is bundled; `bindings` is its search for the addon, which veille
    // gives it (src/store/sqlite/native-binding.ts): required only if that found nothing.
    expect(packages).toEqual(['@slack/web-api', '@slack/webhook', 'bindings', 'discord.js', 'pg', 'prom-client']);
  });

  it('has no chunk left as an ES module, and no dynamic import() (the code cache compiles chunks with vm.Script, which has no import callback)', () => {
    const files = bundleFiles();
    expect(files.length).toBeGreaterThan(10);
    expect(readdirSync(new URL('chunks/', DIST)).filter((name) => name.endsWith('.js'))).toEqual([]);
    expect(files.filter((file) => /\bimport\(/.test(readFileSync(new URL(file, DIST), 'utf8')))).toEqual([]);
  });

  it("loads child_process, worker_threads and assert only when used (node-cron's background tasks, pino's transports, sonic-boom's close check)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'veille-bin-builtins-'));
    try {
      // Node's list of the built-in modules this process loaded, written as it exits.
      const preload = join(dir, 'list-builtins.cjs');
      writeFileSync(preload, "process.on('exit', () => process.stderr.write(process.moduleLoadList.join('\\n')));");
      const { stderr } = await promisify(execFile)(process.execPath, ['--require', preload, CLI_PATH, '--version']);
      const loaded = stderr.split('\n');
      expect(loaded).toContain('NativeModule module');
      expect(loaded.filter((name) => /^NativeModule (child_process|dgram|worker_threads|internal\/worker|assert)$/.test(name))).toEqual([]);
      // And the stand-in still forks (what node-cron calls).
      const bundled = bundleFiles().map((file) => readFileSync(new URL(file, DIST), 'utf8')).join('\n');
      expect(bundled).toContain(`process.getBuiltinModule("node:child_process").fork(...args)`);
      // And pino's and sonic-boom's, where they are used.
      expect(bundled).toContain(`if (!opts.sync && require("worker_threads").isMainThread) {`);
      expect(bundled).toContain(`const ThreadStream = function(options) {`);
      expect(bundled).toContain(`const assert = (...args) => require("assert")(...args);`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads two chunks for `veille once` before its cycle: what every command loads (cli) and what once adds (once)', () => {
    // Top-level requires of the bundle's own files (a lazy import is a require inside a function),
    // the hash of a chunk's name left out: the entry is `../cli.cjs`.
    const chunksRequired = (file: string) => [...readFileSync(new URL(file, DIST), 'utf8').matchAll(/^(?:const|let) \w+(?:\$\d+)? = require\("(\.{1,2}\/[\w./-]+?)(?:-[\w-]{8})?\.cjs"\);$/gm)].map(([, path]) => path);
    const files = bundleFiles();
    const named = (name: string) => files.filter((file) => new RegExp(`^chunks/${name}-[\\w-]{8}\\.cjs$`).test(file));
    expect([named('cli').length, named('once').length]).toEqual([1, 1]);
    expect(chunksRequired(named('cli')[0] ?? '')).toEqual(['./rolldown-runtime', '../cli']);
    expect(chunksRequired(named('once')[0] ?? '')).toEqual(['./rolldown-runtime', '../cli', './cli']);
  });

  it('is ASCII where `veille once` reads it (one-byte strings for V8: non-ASCII escaped, JSDoc left out), with the same messages', async () => {
    const files = bundleFiles().filter((file) => file === 'cli.cjs' || /^chunks\/(cli|once|rolldown-runtime)-[\w-]{8}\.cjs$/.test(file));
    expect(files).toHaveLength(4);
    expect(files.filter((file) => /[^\x00-\x7f]/.test(readFileSync(new URL(file, DIST), 'utf8')))).toEqual([]);
    // An escaped message prints as written in src/ (an ellipsis in a rule error).
    const dir = mkdtempSync(join(tmpdir(), 'veille-bin-ascii-'));
    try {
      writeFileSync(join(dir, 'veille.yaml'), 'sources:\n  - name: a\n    url: https://example.org/feed\nwatches:\n  - name: w\n    rule: "title:(Huawei OR summary:Orange)"\n    to: [console]\ndestinations:\n  console:\n    type: console\n');
      const failed = await promisify(execFile)(process.execPath, [CLI_PATH, 'check', '--config', dir], { env: { PATH: process.env['PATH'] ?? '' } }).catch((error: unknown) => error as { stderr: string });
      expect(failed.stderr).toContain("a field prefix cannot be used inside a 'title:(…)' group");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads its version from package.json (its chunks live in dist/chunks/)', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { stdout } = await promisify(execFile)(process.execPath, [CLI_PATH, '--version']);
    expect(stdout).toBe(`veille ${version}\n`);
  });
});

describe('the bin keeps its compiled code', () => {
  // Node 22.1 and later keep it themselves (module.enableCompileCache); on Node 20 the bin's own
  // code cache writes veille-*.v8cache entries (src/cli/code-cache.ts), under NODE_COMPILE_CACHE.
  const nodeKeepsIt = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
  const entriesAfter = async (nodeArgs: readonly string[]): Promise<number> => {
    const dir = mkdtempSync(join(tmpdir(), 'veille-bin-cache-'));
    try {
      const cacheDir = join(dir, 'cache');
      await promisify(execFile)(process.execPath, [...nodeArgs, CLI_PATH, '--version'], { env: { PATH: process.env['PATH'] ?? '', NODE_COMPILE_CACHE: cacheDir } });
      return existsSync(cacheDir) ? readdirSync(cacheDir).filter((name) => name.startsWith('veille-') && name.endsWith('.v8cache')).length : 0;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it(`in NODE_COMPILE_CACHE (${nodeKeepsIt ? "Node's own cache here" : "veille's own cache here"})`, async () => {
    const entries = await entriesAfter([]);
    if (nodeKeepsIt) expect(entries).toBe(0);
    // `--version` loads one chunk through the cache (cli: what every command loads).
    else expect(entries).toBeGreaterThanOrEqual(1);
  });

  it('not with --enable-source-maps (Node maps the stack traces of what it compiles itself)', async () => {
    expect(await entriesAfter(['--enable-source-maps'])).toBe(0);
  });
});
