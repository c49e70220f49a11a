import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findNativeBinding } from '../../src/store/sqlite/native-binding.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A package folder with lib/index.js and, if asked, the addon where an install puts it. */
const fakePackage = (withAddon: boolean): string => {
  const root = mkdtempSync(join(tmpdir(), 'veille-native-'));
  dirs.push(root);
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'lib', 'index.js'), '');
  if (withAddon) {
    mkdirSync(join(root, 'build', 'Release'), { recursive: true });
    writeFileSync(join(root, 'build', 'Release', 'better_sqlite3.node'), '');
  }
  return join(root, 'lib', 'index.js');
};

describe('findNativeBinding', () => {
  it("finds the installed better-sqlite3's addon, in the package this project resolves", () => {
    const main = createRequire(import.meta.url).resolve('better-sqlite3');
    const found = findNativeBinding();
    expect(found).toBe(join(dirname(dirname(main)), 'build', 'Release', 'better_sqlite3.node'));
    expect(found !== undefined && existsSync(found)).toBe(true);
  });

  it.each([
    ['the addon in build/Release', true, 'found'],
    ['no addon there (a debug build)', false, 'undefined'],
  ])('%s', (_name, withAddon, expected) => {
    const main = fakePackage(withAddon);
    const found = findNativeBinding(() => main);
    expect(found === undefined ? 'undefined' : found).toBe(expected === 'found' ? join(dirname(dirname(main)), 'build', 'Release', 'better_sqlite3.node') : 'undefined');
  });

  it('leaves the search to better-sqlite3 when the package cannot be resolved', () => {
    expect(
      findNativeBinding(() => {
        throw new Error('Cannot find module');
      }),
    ).toBeUndefined();
  });
});
