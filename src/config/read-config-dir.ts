import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { ConfigProblem } from '../errors/config-error.js';
import { parseConfigDocument, type ConfigDocument } from './config-document.js';

/** Reads every `*.yaml` / `*.yml` file of `dir` (sorted by name, not recursive). */
export async function readConfigDir(
  dir: string,
): Promise<{ readonly documents: readonly ConfigDocument[]; readonly problems: readonly ConfigProblem[] }> {
  const rel = relative(process.cwd(), dir);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? dir : rel;
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  } catch (error) {
    return { documents: [], problems: [{ file: shown, path: '', message: `cannot read config directory: ${(error as Error).message}` }] };
  }
  if (names.length === 0) {
    return { documents: [], problems: [{ file: shown, path: '', message: 'no *.yaml file in the config directory' }] };
  }
  const documents: ConfigDocument[] = [];
  const problems: ConfigProblem[] = [];
  for (const name of names) {
    const file = join(shown, name);
    const parsed = parseConfigDocument(file, await readFile(join(dir, name), 'utf8'));
    problems.push(...parsed.problems);
    if (parsed.document) documents.push(parsed.document);
  }
  return { documents, problems };
}
