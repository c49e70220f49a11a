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
  // node:buffer: isUtf8, a pure check of bytes (decode-utf8.ts).
  'decode/': ['decode/', 'errors/', 'iconv-lite', 'node:buffer'],
  'parse/': ['parse/', 'errors/', 'rss-parser', 'htmlparser2', 'node:crypto'],
  'match/': ['match/', 'errors/'],
  // The story matcher reuses the matcher's folding and tokens; Snowball stems and stop words.
  'stories/': ['stories/', 'match/', 'errors/', '@orama/stemmers', '@orama/stopwords'],
  'opml/': ['opml/', 'errors/', 'htmlparser2'],
  // Helpers shared by the kinds' renderers (truncate, safe-url, templates, dates).
  'render/': ['render/', 'errors/', 'parse/feed-item.ts'],
  // The store rules both engines share: pure, engine-free.
  'store/policy.ts': ['store/iso-time.ts', 'store/store.ts'],
  // The web pages: pure views over plain data; state only through the Store interface (no engine);
  // when a source is read next, by the same pure computation as `veille sources` and the cycle.
  'web/': ['web/', 'errors/', 'match/', 'parse/feed-item.ts', 'config/config-types.ts', 'store/store.ts', 'http/http-server.ts', 'cycle/source-interval.ts', 'node:crypto', 'yaml'],
};

/** A destination kind's renderer: `deliver/<kind>/render/` (pure: no client, no I/O). */
const KIND_RENDER = /^deliver\/[^/]+\/render\//;
const KIND_RENDER_ALLOWED: readonly string[] = [
  'render/',
  'errors/',
  'parse/feed-item.ts',
  'deliver/destination.ts',
  // Type definitions of the API bodies only.
  'discord.js',
  '@slack/web-api',
];

describe('architecture', () => {
  it.each(Object.entries(PURE))('%s imports only %j', (folder, allowed) => {
    const offending = sources
      .filter((file) => file.path.startsWith(folder))
      .flatMap((file) => importsOf(file.path, file.text).map((target) => ({ file: file.path, target })))
      .filter(({ target }) => !allowed.some((prefix) => target === prefix || target.startsWith(prefix)));
    expect(offending).toEqual([]);
  });

  it('the SQLite engine knows nothing of PostgreSQL (only the state move reads from one to write the other)', () => {
    const offending = sources
      .filter((file) => file.path.startsWith('store/sqlite/'))
      .flatMap((file) => importsOf(file.path, file.text).map((target) => ({ file: file.path, target })))
      .filter(({ target }) => target === 'pg' || target.startsWith('store/postgres/'));
    expect(offending).toEqual([]);
  });

  it('a destination kind\'s renderer (deliver/<kind>/render/) imports only its own folder and pure code', () => {
    const renderers = sources.filter((file) => KIND_RENDER.test(file.path));
    expect(renderers.map((file) => file.path.split('/')[1])).toEqual(expect.arrayContaining(['console', 'discord', 'slack', 'teams', 'matrix']));
    const offending = renderers
      .flatMap((file) => importsOf(file.path, file.text).map((target) => ({ file: file.path, target })))
      .filter(({ file, target }) => {
        const own = file.slice(0, file.indexOf('/render/') + '/render/'.length);
        return !target.startsWith(own) && !KIND_RENDER_ALLOWED.some((prefix) => target === prefix || target.startsWith(prefix));
      });
    expect(offending).toEqual([]);
    // Nor any network call, value import of a client, or clock read.
    expect(renderers.filter((file) => /\bfetch\(|Date\.now\(|new Date\(\)/.test(file.text)).map((file) => file.path)).toEqual([]);
    const valueImports = renderers.filter((file) => /^\s*import\s+\{[^}]*\}\s+from\s+'(discord\.js|@slack\/web-api)'/m.test(file.text));
    expect(valueImports.map((file) => file.path)).toEqual([]);
  });

  it('every kind in the registry has its own folder with a renderer', () => {
    const registry = sources.find((file) => file.path === 'deliver/kinds.ts')?.text ?? '';
    const folders = [...registry.matchAll(/from '\.\/([\w-]+)\//g)].map(([, folder]) => folder);
    expect(folders.length).toBeGreaterThanOrEqual(5);
    for (const folder of folders) {
      expect(sources.some((file) => file.path.startsWith(`deliver/${folder}/render/`)), folder).toBe(true);
    }
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
