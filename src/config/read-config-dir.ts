import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { ConfigProblem } from '../errors/config-error.js';
import type { ConfigDocument } from './config-document.js';
import type { ParsedYamlCache } from './parsed-yaml-cache.js';

/**
 * Reads every `*.yaml` / `*.yml` file of `dir` (sorted by name, not recursive). With a `cache`, a
 * file whose exact text was parsed before takes its data from there, without positions: its
 * document locates nothing, and `fromCache` says so (see load-config.ts). The reads are
 * synchronous (a few small files): node:fs/promises would cost a `veille once` about 3 ms to load.
 */
export async function readConfigDir(
  dir: string,
  cache?: ParsedYamlCache,
): Promise<{ readonly documents: readonly ConfigDocument[]; readonly problems: readonly ConfigProblem[]; readonly fromCache: boolean }> {
  const rel = relative(process.cwd(), dir);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? dir : rel;
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    return { documents: [], problems: [{ file: shown, path: '', message: `cannot read config directory: ${(error as Error).message}` }], fromCache: false };
  }
  if (names.length === 0) {
    return { documents: [], problems: [{ file: shown, path: '', message: 'no *.yaml file in the config directory' }], fromCache: false };
  }
  const documents: ConfigDocument[] = [];
  const problems: ConfigProblem[] = [];
  let fromCache = false;
  for (const name of names) {
    const file = join(shown, name);
    const text = readFileSync(join(dir, name), 'utf8');
    const cached = cache?.get(text);
    if (cached !== undefined) {
      fromCache = true;
      documents.push({ file, data: cached, locate: () => undefined });
      continue;
    }
    // The YAML parser loads only when a file is parsed (a cached config never needs it).
    const { parseConfigDocument } = await import('./config-document.js');
    const parsed = parseConfigDocument(file, text);
    problems.push(...parsed.problems);
    if (parsed.document) {
      documents.push(parsed.document);
      cache?.set(text, parsed.document.data);
    }
  }
  return { documents, problems, fromCache };
}
