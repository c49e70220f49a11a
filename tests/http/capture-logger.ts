import type { Logger } from '../../src/log/logger.js';

export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: object;
  readonly message: string;
}

/** A logger that keeps what it is told, for assertions. */
export function captureLogger(): Logger & { readonly lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const logger = {
    lines,
    debug: (fields: object, message: string) => void lines.push({ level: 'debug', fields, message }),
    info: (fields: object, message: string) => void lines.push({ level: 'info', fields, message }),
    warn: (fields: object, message: string) => void lines.push({ level: 'warn', fields, message }),
    error: (fields: object, message: string) => void lines.push({ level: 'error', fields, message }),
    child: () => logger,
  };
  return logger;
}
