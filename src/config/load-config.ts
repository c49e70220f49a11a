import { resolve } from 'node:path';
import { ConfigError, type ConfigProblem } from '../errors/config-error.js';
import { checkDigestCron } from '../digest/digest-times.js';
import { checkCron } from './check-cron.js';
import { checkRule, lintRule } from './check-rule.js';
import type { VeilleConfig } from './config-types.js';
import { readConfigDir } from './read-config-dir.js';
import { resolveConfig } from './resolve-config.js';
import type { RuntimeEnv } from './runtime-env.js';

/** In reading order: by file, then line (problems without a line first), keeping the rest stable. */
function sortByPlace(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/** Reads and validates the config directory. Throws ConfigError with every problem found. */
export async function loadConfig(dir: string, runtime: RuntimeEnv): Promise<VeilleConfig> {
  const { documents, problems: readProblems } = await readConfigDir(resolve(dir));
  let config: VeilleConfig | undefined;
  let problems = readProblems;
  try {
    config = resolveConfig(documents, { dir: resolve(dir), env: runtime.vars, apis: runtime.apis, checkRule, lintRule, checkCron, checkDigestCron });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems = [...readProblems, ...error.problems];
  }
  if (problems.length > 0 || config === undefined) throw new ConfigError(sortByPlace(problems));
  return config;
}
