import { resolve } from 'node:path';
import { ConfigError } from '../errors/config-error.js';
import { checkRule } from './check-rule.js';
import { checkCron } from './check-cron.js';
import type { VeilleConfig } from './config-types.js';
import { readConfigDir } from './read-config-dir.js';
import { resolveConfig } from './resolve-config.js';
import type { RuntimeEnv } from './runtime-env.js';

/** Reads and validates the config directory. Throws ConfigError with every problem found. */
export async function loadConfig(dir: string, runtime: RuntimeEnv): Promise<VeilleConfig> {
  const { documents, problems } = await readConfigDir(resolve(dir));
  try {
    const config = resolveConfig(documents, {
      dir: resolve(dir),
      env: runtime.vars,
      apis: runtime.apis,
      checkRule,
      checkCron,
    });
    if (problems.length > 0) throw new ConfigError(problems);
    return config;
  } catch (error) {
    if (error instanceof ConfigError && problems.length > 0) throw new ConfigError([...problems, ...error.problems]);
    throw error;
  }
}
