import type { Logger } from '../../src/log/logger.js';

/** A logger that drops everything (tests that assert on outcomes, not on logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };
