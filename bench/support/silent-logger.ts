import type { Logger } from '../../src/log/logger.js';

/** A logger that drops everything (logging cost is not what the bench measures). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
