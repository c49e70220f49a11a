import type { PacingPolicy } from '../destination.js';

/** Teams refuses messages over 28 KB; the whole JSON payload is kept under this many bytes. */
export const TEAMS_MAX_PAYLOAD_BYTES = 28 * 1024;

/** Teams webhooks: at most 4 requests per second (more are throttled with HTTP 429). */
export const TEAMS_PACING: readonly PacingPolicy[] = [{ limit: 4, windowMs: 1_000 }];

/** One card per message (a message may hold several, but one refused card would refuse them all). */
export const TEAMS_BATCH_LIMIT = 1;
