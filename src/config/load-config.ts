import { resolve } from 'node:path';
import { ConfigError, type ConfigProblem } from '../errors/config-error.js';
import { checkDigestCron } from '../digest/digest-times.js';
import { checkCron } from './check-cron.js';
import { checkRule, lintRule } from './check-rule.js';
import type { VeilleConfig } from './config-types.js';
import type { ConfigDocument } from './config-document.js';
import { openParsedYamlCache } from './parsed-yaml-cache.js';
import { readConfigDir } from './read-config-dir.js';
import { resolveConfig } from './resolve-config.js';
import type { RuntimeEnv } from './runtime-env.js';

/** In reading order: by file, then line (problems without a line first), keeping the rest stable. */
function sortByPlace(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

export interface LoadConfigOptions {
  /**
   * Keeps what each file's YAML parsed to in this file, for the next process (see
   * parsed-yaml-cache.ts). Validation runs every time; only a config that is valid and without
   * warnings is taken from it: otherwise every file is parsed again, so that each problem and
   * warning has its line.
   */
  readonly cacheFile?: string;
}

/** Reads and validates the config directory. Throws ConfigError with every problem found. */
export async function loadConfig(dir: string, runtime: RuntimeEnv, options: LoadConfigOptions = {}): Promise<VeilleConfig> {
  if (options.cacheFile !== undefined) {
    const cache = await openParsedYamlCache(options.cacheFile);
    const read = await readConfigDir(resolve(dir), cache);
    if (!read.fromCache) {
      await cache.save();
      return validate(read, dir, runtime);
    }
    const config = read.problems.length === 0 ? resolveOrUndefined(read.documents, dir, runtime) : undefined;
    if (config !== undefined && config.warnings.length === 0) {
      await cache.save();
      return config;
    }
  }
  return validate(await readConfigDir(resolve(dir)), dir, runtime);
}

const resolveOptions = (dir: string, runtime: RuntimeEnv) => ({ dir: resolve(dir), env: runtime.vars, apis: runtime.apis, checkRule, lintRule, checkCron, checkDigestCron });

function resolveOrUndefined(documents: readonly ConfigDocument[], dir: string, runtime: RuntimeEnv): VeilleConfig | undefined {
  try {
    return resolveConfig(documents, resolveOptions(dir, runtime));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return undefined;
  }
}

function validate(read: { readonly documents: readonly ConfigDocument[]; readonly problems: readonly ConfigProblem[] }, dir: string, runtime: RuntimeEnv): VeilleConfig {
  const { documents, problems: readProblems } = read;
  let config: VeilleConfig | undefined;
  let problems = readProblems;
  try {
    config = resolveConfig(documents, resolveOptions(dir, runtime));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems = [...readProblems, ...error.problems];
  }
  if (problems.length > 0 || config === undefined) throw new ConfigError(sortByPlace(problems));
  return config;
}
