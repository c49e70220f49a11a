import { loadConfig, type LoadConfigOptions } from '../config/load-config.js';
import { readRuntimeEnv, type RuntimeEnv } from '../config/runtime-env.js';
import type { VeilleConfig } from '../config/config-types.js';
import { ConfigError, formatConfigProblem } from '../errors/config-error.js';
import { createLogger, type Logger } from '../log/logger.js';
import { EXIT_USAGE, type CliIo } from './cli-io.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly runtime: RuntimeEnv;
  readonly logger: Logger;
  readonly configDir: string;
}

export function createCommandContext(io: CliIo, configOption: string | undefined): CommandContext {
  const runtime = readRuntimeEnv(io.env);
  const logger = createLogger({ level: runtime.logLevel, pretty: io.interactive, destination: io.err });
  return { io, runtime, logger, configDir: configOption ?? runtime.configDir };
}

/** Loads the config, or prints every problem to stderr and returns the exit code 2. */
export async function loadConfigOrReport(context: CommandContext, options: LoadConfigOptions = {}): Promise<VeilleConfig | number> {
  try {
    return await loadConfig(context.configDir, context.runtime, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const lines = error.problems.map((problem) => `  ${formatConfigProblem(problem)}`);
    context.io.err.write(`veille: invalid configuration in ${context.configDir} (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}\n`);
    return EXIT_USAGE;
  }
}
