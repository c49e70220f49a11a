import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findNativeBinding } from '../../src/store/sqlite/native-binding.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A package folder with lib/index.js and, if asked, the addon in `addonIn` (build/Release is where
 * an install puts it) and the real `bindings` package beside it, as npm installs it for better-sqlite3.
 */
const fakePackage = (addonIn: string | undefined, withBindings = false): string => {
  const root = mkdtempSync(join(tmpdir(), 'veille-native-'));
  dirs.push(root);
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'index.js'), '');
  if (addonIn !== undefined) {
    mkdirSync(join(root, addonIn), { recursive: true });
    writeFileSync(join(root, addonIn, 'better_sqlite3.node'), '');
  }
  if (withBindings) {
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(dirname(createRequire(import.meta.url).resolve('bindings/package.json')), join(root, 'node_modules', 'bindings'));
  }
  return join(root, 'lib', 'index.js');
};
const rootOf = (main: string): string => dirname(dirname(main));

describe('findNativeBinding', () => {
  it("finds the installed better-sqlite3's addon, in the package this project resolves", () => {
    const main = createRequire(import.meta.url).resolve('better-sqlite3');
    const found = findNativeBinding();
    expect(found).toBe(join(dirname(dirname(main)), 'build', 'Release', 'better_sqlite3.node'));
    expect(found !== undefined && existsSync(found)).toBe(true);
  });

  it.each([
    { name: 'the addon in build/Release: its path, without bindings', addonIn: 'build/Release', withBindings: true, found: 'build/Release' },
    { name: 'the addon in build/Debug: found by bindings, searching the package', addonIn: 'build/Debug', withBindings: true, found: 'build/Debug' },
    { name: 'the addon in out/Release: found by bindings', addonIn: 'out/Release', withBindings: true, found: 'out/Release' },
    { name: 'no addon anywhere bindings looks', addonIn: undefined, withBindings: true, found: undefined },
    { name: 'the addon elsewhere and no bindings package', addonIn: 'build/Debug', withBindings: false, found: undefined },
  ])('$name', ({ addonIn, withBindings, found }) => {
    const main = fakePackage(addonIn, withBindings);
    expect(findNativeBinding(() => main)).toBe(found === undefined ? undefined : join(rootOf(main), found, 'better_sqlite3.node'));
  });

  it('asks bindings only when build/Release has no addon, with the package and its folder', () => {
    const calls: [string, string][] = [];
    const find = (main: string, root: string): string => {
      calls.push([main, root]);
      return '/somewhere/better_sqlite3.node';
    };
    const installed = fakePackage('build/Release');
    expect(findNativeBinding(() => installed, find)).toBe(join(rootOf(installed), 'build', 'Release', 'better_sqlite3.node'));
    expect(calls).toEqual([]);
    const debug = fakePackage('build/Debug');
    expect(findNativeBinding(() => debug, find)).toBe('/somewhere/better_sqlite3.node');
    expect(calls).toEqual([[debug, rootOf(debug)]]);
  });

  it('leaves the search to better-sqlite3 when the package cannot be resolved', () => {
    expect(
      findNativeBinding(() => {
        throw new Error('Cannot find module');
      }),
    ).toBeUndefined();
  });
});
