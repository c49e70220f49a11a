import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The pipeline's shape, enforced: pure stages import nothing that does I/O, and only the config
 * module reads the environment. A new import that breaks a rule fails here, with the file named.
 */
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Source text without comments (a comment may mention `process.env`). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const sources = files(SRC).map((path) => ({ path: relative(SRC, path), text: code(readFileSync(path, 'utf8')) }));

/** Where each import of a file points: a src-relative path for relative imports, else the package. */
function importsOf(path: string, text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map(([, spec = '']) =>
    spec.startsWith('.') ? relative(SRC, join(SRC, dirname(path), spec)).replace(/\.js$/, '.ts') : spec,
  );
}

/** Pure stages and what they may import (src folders/files, or packages). */
const PURE: Record<string, readonly string[]> = {
  'decode/': ['decode/', 'errors/', 'iconv-lite'],
  'parse/': ['parse/', 'errors/', 'rss-parser', 'htmlparser2', 'node:crypto'],
  'match/': ['match/', 'errors/'],
  'opml/': ['opml/', 'errors/', 'htmlparser2'],
  // discord.js and @slack/web-api: type definitions of the API bodies only.
  'render/': ['render/', 'errors/', 'parse/feed-item.ts', 'deliver/destination.ts', 'discord.js', '@slack/web-api'],
  // The web pages: pure views over plain data; state only through the Store interface (no engine).
  'web/': ['web/', 'errors/', 'match/', 'parse/feed-item.ts', 'config/config-types.ts', 'store/store.ts', 'http/http-server.ts', 'node:crypto', 'yaml'],
};

describe('architecture', () => {
  it.each(Object.entries(PURE))('%s imports only %j', (folder, allowed) => {
    const offending = sources
      .filter((file) => file.path.startsWith(folder))
      .flatMap((file) => importsOf(file.path, file.text).map((target) => ({ file: file.path, target })))
      .filter(({ target }) => !allowed.some((prefix) => target === prefix || target.startsWith(prefix)));
    expect(offending).toEqual([]);
  });

  it('only the config module reads process.env', () => {
    const readers = sources.filter((file) => /process\.env\b/.test(file.text)).map((file) => file.path);
    expect(readers).toEqual(['config/runtime-env.ts']);
  });

  it('src never prints with console (logs go through the logger, output through io.out)', () => {
    expect(sources.filter((file) => /\bconsole\.(log|info|warn|error|debug)\(/.test(file.text)).map((file) => file.path)).toEqual([]);
  });

  it('src never imports from tests', () => {
    const offending = sources.filter((file) => importsOf(file.path, file.text).some((target) => target.startsWith('../tests')));
    expect(offending.map((file) => file.path)).toEqual([]);
  });

  it('each error class lives in src/errors, one per file, with a literal name', () => {
    const classes = sources.flatMap((file) =>
      [...file.text.matchAll(/export class (\w+) extends Error\b/g)].map(([, name]) => ({ file: file.path, name })),
    );
    expect(classes.filter((c) => !c.file.startsWith('errors/'))).toEqual([]);
    for (const { file, name } of classes) {
      const text = sources.find((s) => s.path === file)?.text ?? '';
      expect(text, file).toContain(`override readonly name = '${name}'`);
    }
  });
});
