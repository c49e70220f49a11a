import { readFileSync } from 'node:fs';

/** veille's version, from its package.json (two levels up from both src/cli/ and dist/cli/). */
export function readVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
