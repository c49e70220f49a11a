import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/**
 * npm 11 warns on every `npm ci` about install scripts not covered by `allowScripts`.
 * better-sqlite3's builds its native binding, without which veille cannot start (nor can the Docker
 * image): every dependency that has one is approved, and nothing else.
 */
describe('install scripts', () => {
  it('package.json approves exactly the packages of the lockfile that have an install script', () => {
    const packages = read('package-lock.json')['packages'] as Record<string, { hasInstallScript?: boolean }>;
    const withScripts = Object.entries(packages)
      .filter(([, entry]) => entry.hasInstallScript === true)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .sort();
    expect(withScripts).toEqual(['better-sqlite3']);
    expect(Object.keys((read('package.json')['allowScripts'] ?? {}) as object).sort()).toEqual(withScripts);
  });
});
