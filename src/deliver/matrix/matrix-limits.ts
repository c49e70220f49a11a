import type { PacingPolicy } from '../destination.js';

/**
 * Synapse's default message rate for a user (`rc_message`: 0.2/s, bursts of 10): at most 10
 * events per 50 s. A bot account exempted by its homeserver still waits this much; a 429 says how
 * long to wait (`retry_after_ms`) and is honoured.
 */
export const MATRIX_PACING: readonly PacingPolicy[] = [{ limit: 10, windowMs: 50_000 }];

/** One event per delivery: each has its own transaction id (exactly once per story). */
export const MATRIX_BATCH_LIMIT = 1;
