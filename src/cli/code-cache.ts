import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * V8's code cache for the bundled bin where Node has none of its own (Node 20; Node 22.1 and later
 * have `module.enableCompileCache()`, which the bin uses instead). A `veille once` started by cron
 * compiles the same bundle every few minutes; with the cache, it deserializes the code that the
 * previous process compiled, lazily compiled functions included (docs/benchmark.md, "Sixth pass").
 *
 * How: the bin's chunks are CommonJS, loaded through `require`. Node's `Module.prototype._compile`
 * is replaced, for the files under `scope` only, by one that compiles the same wrapper through
 * `vm.Script` with the cached data, and at exit writes the data of every file whose cache was
 * missing or refused. An entry's name is a SHA-256 of the V8 version, the V8 flags veille set and
 * the file's exact text: V8 itself checks only the source's length, so a changed file must never
 * meet the entry of another text. Entries are written to a temporary file and renamed.
 *
 * An entry holds the functions compiled by the process that wrote it: one that stopped early (a
 * config error, a state in use) would leave most of veille to be compiled again by every process
 * after it. So a process that exits with an error writes nothing, and an entry is refreshed once a
 * day: the first process to use it after that writes what it compiled (the entry's functions and
 * its own) if that is more, or only touches the entry (docs/benchmark.md, "Ninth pass").
 *
 * The directory holds code that will run: it is used only when it is a directory of this user that
 * no one else may write to (created with mode 0700). Entries not rewritten for 30 days are removed
 * when something is saved (an upgrade leaves the previous version's entries behind).
 */

/** What of `node:module`'s Module class the cache replaces and calls (Node's internals, stable since Node 0.x). */
interface ModuleClass {
  readonly prototype: CommonJsModule;
  wrap(script: string): string;
  _resolveFilename(request: string, parent: CommonJsModule, isMain: boolean, options?: { paths?: string[] }): string;
  readonly _cache: Record<string, unknown>;
}

interface CommonJsModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

export interface CodeCacheOptions {
  /** `node:module`'s default export. */
  readonly moduleClass: unknown;
  /** Only files under this directory go through the cache: the bundled bin's chunks. */
  readonly scope: string;
  /** Where the entries live. */
  readonly dir: string;
  /** The V8 flags veille set before loading (part of each entry's key: V8 refuses data made under other flags). */
  readonly flags: string;
  /** This process's user id (`process.getuid()`), undefined where there is none (Windows). */
  readonly uid: number | undefined;
  /** Registers what to run when the process exits, with its exit code (the bin: `process.once('exit', …)`). */
  readonly onExit: (save: (code: number) => void) => void;
  readonly now: () => number;
}

/** Entries not rewritten for this long are removed when the cache saves. */
export const CODE_CACHE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** An entry V8 accepted and last written (or touched) this long ago is refreshed at exit. */
export const CODE_CACHE_REFRESH_MS = 24 * 60 * 60 * 1000;
const ENTRY_PREFIX = 'veille-';
const ENTRY_SUFFIX = '.v8cache';

/** Installs the cache; false (and nothing changed) when the directory cannot be used. */
export function enableCodeCache(options: CodeCacheOptions): boolean {
  const { dir, scope } = options;
  if (!usableDirectory(dir, options.uid)) return false;
  const Module = options.moduleClass as ModuleClass;
  const original = Module.prototype._compile;
  const unsaved: { readonly script: Script; readonly file: string }[] = [];
  /** Entries V8 accepted that are due for a refresh, with the size read. */
  const due: { readonly script: Script; readonly file: string; readonly size: number }[] = [];
  Module.prototype._compile = function compileWithCache(this: CommonJsModule, content: string, filename: string): unknown {
    // A hashbang is valid only at the very start of a script, not inside the wrapper.
    if (!filename.startsWith(scope) || content.startsWith('#!')) return original.call(this, content, filename);
    const file = join(dir, entryName(options.flags, content));
    const cachedData = readEntry(file);
    const script = new Script(Module.wrap(content), { filename, ...(cachedData === undefined ? {} : { cachedData }) });
    if (cachedData === undefined || script.cachedDataRejected === true) unsaved.push({ script, file });
    else if (options.now() - modifiedAt(file) > CODE_CACHE_REFRESH_MS) due.push({ script, file, size: cachedData.length });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(Module, this), this, filename, dirname(filename));
  };
  options.onExit((code) => {
    if (code !== 0 || unsaved.length + due.length === 0) return;
    for (const { script, file } of unsaved) writeEntry(file, script.createCachedData());
    for (const { script, file, size } of due) {
      const data = script.createCachedData();
      if (data.length > size) writeEntry(file, data);
      else touchEntry(file, options.now());
    }
    removeStaleEntries(dir, options.now());
  });
  return true;
}

/** The entry file name of `content` compiled under `flags` by this V8. */
export function entryName(flags: string, content: string): string {
  const key = createHash('sha256').update(process.versions.v8).update('\0').update(flags).update('\0').update(content).digest('base64url');
  return `${ENTRY_PREFIX}${key}${ENTRY_SUFFIX}`;
}

/** The `require` a CommonJS module's wrapper receives (what Node's own `_compile` passes, for what the bundle uses). */
function requireFor(Module: ModuleClass, module: CommonJsModule): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  require.resolve = Object.assign((request: string, options?: { paths?: string[] }) => Module._resolveFilename(request, module, false, options), {
    paths: () => null,
  }) as NodeJS.RequireResolve;
  require.main = process.mainModule;
  require.cache = Module._cache as NodeJS.Require['cache'];
  return require;
}

/** Creates `dir` (0700) if needed; true when it is a directory of `uid` that no one else may write to. */
function usableDirectory(dir: string, uid: number | undefined): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stats = lstatSync(dir);
    return stats.isDirectory() && (uid === undefined || stats.uid === uid) && (stats.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function readEntry(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** When `file` was last written or touched, in ms (0 if it cannot be read: refreshed). */
function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function touchEntry(file: string, now: number): void {
  try {
    utimesSync(file, new Date(now), new Date(now));
  } catch {
    // Removed meanwhile: the next process writes it.
  }
}

/** Never throws: a cache that cannot be written only costs the next process a compile. */
function writeEntry(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}

function removeStaleEntries(dir: string, now: number): void {
  try {
    for (const name of readdirSync(dir)) {
      if (!name.startsWith(ENTRY_PREFIX) || !name.includes(ENTRY_SUFFIX)) continue;
      const file = join(dir, name);
      if (now - statSync(file).mtimeMs > CODE_CACHE_MAX_AGE_MS) rmSync(file, { force: true });
    }
  } catch {
    // Another process pruning at the same time, or the directory gone: nothing to do.
  }
}
