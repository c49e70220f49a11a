import { dirname, join } from 'node:path';
import { ConfigError } from '../errors/config-error.js';
import type { DestinationApis } from '../deliver/destination-kind.js';
import type { EnvVars } from './interpolate-env.js';

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim());

/** Everything veille takes from the environment. The only place that reads `process.env`. */
export interface RuntimeEnv {
  /** `VEILLE_CONFIG`, default `feeds`. */
  readonly configDir: string;
  /** `VEILLE_DB`, default `data/veille.db`. */
  readonly dbPath: string;
  /** `VEILLE_DATABASE_URL`: a `postgres://` URL selects the PostgreSQL store (else SQLite at `dbPath`). */
  readonly databaseUrl?: string;
  /** `VEILLE_LOG_LEVEL` (or `LOG_LEVEL`), default `info`. */
  readonly logLevel: string;
  readonly apis: DestinationApis;
  /** `VEILLE_HTTP_TOKEN`: the access token of the web pages (and `/metrics`); unset: none. */
  readonly httpToken?: string;
  /**
   * `VEILLE_NOW` (a test and operations aid): an ISO 8601 time with an offset that the clock starts
   * from, then runs on at its normal pace. Here: how far that is from the real time at start, in ms.
   */
  readonly clockOffsetMs?: number;
  /** Variables available to `${VAR}` in config files. */
  readonly vars: EnvVars;
}

/** The log levels veille accepts (pino's). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** @throws ConfigError naming the variable when a value is not one veille can use. */
export function readRuntimeEnv(env: EnvVars = process.env): RuntimeEnv {
  const levelVariable = nonEmpty(env['VEILLE_LOG_LEVEL']) === undefined && nonEmpty(env['LOG_LEVEL']) !== undefined ? 'LOG_LEVEL' : 'VEILLE_LOG_LEVEL';
  const logLevel = (nonEmpty(env['VEILLE_LOG_LEVEL']) ?? nonEmpty(env['LOG_LEVEL']) ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError([
      { file: 'environment', path: levelVariable, message: `unknown log level '${env[levelVariable]?.trim()}' (expected one of: ${LOG_LEVELS.join(', ')})` },
    ]);
  }
  const discordApi = nonEmpty(env['VEILLE_DISCORD_API']);
  const slackApi = nonEmpty(env['VEILLE_SLACK_API']);
  const databaseUrl = nonEmpty(env['VEILLE_DATABASE_URL']);
  const httpToken = nonEmpty(env['VEILLE_HTTP_TOKEN']);
  const now = nonEmpty(env['VEILLE_NOW']);
  let clockOffsetMs: number | undefined;
  if (now !== undefined) {
    const time = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(now) ? Date.parse(now) : Number.NaN;
    if (Number.isNaN(time)) {
      throw new ConfigError([{ file: 'environment', path: 'VEILLE_NOW', message: `expected an ISO 8601 time with an offset, such as 2026-03-02T08:00:00+01:00; got '${now}'` }]);
    }
    clockOffsetMs = time - Date.now();
  }
  return {
    ...(clockOffsetMs === undefined ? {} : { clockOffsetMs }),
    configDir: nonEmpty(env['VEILLE_CONFIG']) ?? 'feeds',
    dbPath: nonEmpty(env['VEILLE_DB']) ?? 'data/veille.db',
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    logLevel,
    ...(httpToken === undefined ? {} : { httpToken }),
    apis: { ...(discordApi === undefined ? {} : { discordApi }), ...(slackApi === undefined ? {} : { slackApi }) },
    vars: { ...env },
  };
}

/**
 * Where `veille once` keeps its parsed config files (see parsed-yaml-cache.ts): in the directory of
 * the SQLite state file `VEILLE_DB`. Undefined (no cache) with `VEILLE_DATABASE_URL` (no local state
 * directory) or an in-memory state.
 */
export function configCacheFile(runtime: Pick<RuntimeEnv, 'dbPath' | 'databaseUrl'>): string | undefined {
  if (runtime.databaseUrl !== undefined || runtime.dbPath === ':memory:') return undefined;
  return join(dirname(runtime.dbPath), CONFIG_CACHE_NAME);
}

/** The file name of the config cache, in the state file's directory. */
export const CONFIG_CACHE_NAME = 'veille-config.cache';

/**
 * Where the bin keeps V8's code cache on Node 20 (src/cli/code-cache.ts), read from the variables
 * Node 22 and later read for their own compile cache: `NODE_DISABLE_COMPILE_CACHE` (set: no cache),
 * `NODE_COMPILE_CACHE` (the directory). By default, like Node's, a directory of the OS's temporary
 * one: `veille-code-cache-<uid>`. A Kubernetes CronJob's pods start with an empty /tmp: point
 * `NODE_COMPILE_CACHE` at the state volume there (docs/operations.md).
 */
export function codeCacheDir(env: EnvVars, temporaryDir: string, uid: number | undefined): string | undefined {
  if (nonEmpty(env['NODE_DISABLE_COMPILE_CACHE']) !== undefined) return undefined;
  return nonEmpty(env['NODE_COMPILE_CACHE']) ?? join(temporaryDir, uid === undefined ? 'veille-code-cache' : `veille-code-cache-${uid}`);
}

/** The process environment, for the bin to hand to commands (nothing else reads `process.env`). */
export function processEnv(): EnvVars {
  return process.env;
}
