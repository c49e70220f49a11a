import type { DestinationApis } from './check-destination.js';
import type { EnvVars } from './interpolate-env.js';

/** Everything veille takes from the environment. The only place that reads `process.env`. */
export interface RuntimeEnv {
  /** `VEILLE_CONFIG`, default `feeds`. */
  readonly configDir: string;
  /** `VEILLE_DB`, default `data/veille.db`. */
  readonly dbPath: string;
  /** `VEILLE_LOG_LEVEL` (or `LOG_LEVEL`), default `info`. */
  readonly logLevel: string;
  readonly apis: DestinationApis;
  /** `VEILLE_HTTP_TOKEN`: the access token of the web pages (and `/metrics`); unset: none. */
  readonly httpToken?: string;
  /** Variables available to `${VAR}` in config files. */
  readonly vars: EnvVars;
}

export function readRuntimeEnv(env: EnvVars = process.env): RuntimeEnv {
  const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const discordApi = nonEmpty(env['VEILLE_DISCORD_API']);
  const slackApi = nonEmpty(env['VEILLE_SLACK_API']);
  const httpToken = nonEmpty(env['VEILLE_HTTP_TOKEN']);
  return {
    configDir: nonEmpty(env['VEILLE_CONFIG']) ?? 'feeds',
    dbPath: nonEmpty(env['VEILLE_DB']) ?? 'data/veille.db',
    logLevel: nonEmpty(env['VEILLE_LOG_LEVEL']) ?? nonEmpty(env['LOG_LEVEL']) ?? 'info',
    ...(httpToken === undefined ? {} : { httpToken }),
    apis: { ...(discordApi === undefined ? {} : { discordApi }), ...(slackApi === undefined ? {} : { slackApi }) },
    vars: { ...env },
  };
}

/** The process environment, for the bin to hand to commands (nothing else reads `process.env`). */
export function processEnv(): EnvVars {
  return process.env;
}
