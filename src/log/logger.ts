import { createRequire } from 'node:module';
import { pino } from 'pino';
import type pinoPretty from 'pino-pretty';

// pino-pretty (and its dependencies) only for a terminal: loaded then, synchronously (it is CommonJS).
const requirePretty = (): typeof pinoPretty => createRequire(import.meta.url)('pino-pretty') as typeof pinoPretty;

/** The logging surface the rest of veille uses (pino's, narrowed). */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(bindings: object): Logger;
}

export interface LoggerOptions {
  readonly level: string;
  /** Human-readable lines (for a terminal) instead of JSON lines. */
  readonly pretty: boolean;
  /** Where log lines go; stderr by default (stdout carries command output only). */
  readonly destination?: NodeJS.WritableStream;
}

/** Secrets may sit in these fields of objects someone logs by mistake: never print them. */
const REDACT = ['token', 'webhookUrl', 'webhook_url', '*.token', '*.webhookUrl', '*.webhook_url', 'headers.authorization'];

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, base: { app: 'veille' }, redact: { paths: REDACT, censor: '[redacted]' } };
  if (options.pretty) {
    const stream = requirePretty()({
      destination: options.destination ?? 2,
      sync: true,
      colorize: options.destination === undefined,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,app',
    });
    return pino(base, stream);
  }
  return pino(base, options.destination ?? pino.destination({ dest: 2, sync: true }));
}
