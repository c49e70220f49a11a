import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import type { RuntimeEnv } from '../config/runtime-env.js';
import { ConfigError, type ConfigProblem } from '../errors/config-error.js';

/**
 * What the config loader would say of `dir` if `file` in it had `content`, without touching `dir`:
 * its YAML files and the candidate are copied to a temporary directory and loaded there. Problems
 * name the files of `dir` (as `shownDir/<file>`). Returns [] when the result would be valid.
 */
export async function validateConfigCandidate(
  dir: string,
  shownDir: string,
  candidate: { readonly file: string; readonly content: string },
  runtime: RuntimeEnv,
): Promise<readonly ConfigProblem[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'veille-config-check-'));
  try {
    const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name) && name !== candidate.file);
    await Promise.all(names.map((name) => copyFile(join(dir, name), join(scratch, name))));
    await writeFile(join(scratch, candidate.file), candidate.content);
    try {
      await loadConfig(scratch, runtime);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // The loader shows paths relative to the working directory when it can: undo either form.
      const shown = relative(process.cwd(), scratch);
      const forms = shown.startsWith('..') || isAbsolute(shown) ? [scratch] : [scratch, shown];
      const shownPath = (text: string) => forms.reduce((out, form) => out.split(form).join(shownDir), text);
      return error.problems.map((problem) => ({ ...problem, file: shownPath(problem.file), message: shownPath(problem.message) }));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
