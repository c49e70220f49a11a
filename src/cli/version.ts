import { readFileSync } from 'node:fs';

/**
 * veille's version, from its package.json: the nearest one named `veille` above this module (two
 * levels up from src/cli/ and dist/cli/, one from the bundled bin's chunks in dist/chunks/).
 */
export function readVersion(): string {
  for (let up = 1; up <= 3; up += 1) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(`${'../'.repeat(up)}package.json`, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'veille') return typeof manifest.version === 'string' ? manifest.version : 'unknown';
    } catch {
      // No package.json at this level: the next one up.
    }
  }
  return 'unknown';
}
