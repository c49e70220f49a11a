import type { PacingPolicy } from '../destination.js';

/** Slack incoming webhooks and chat.postMessage: 1 message per second per channel. */
export const SLACK_PACING: readonly PacingPolicy[] = [{ limit: 1, windowMs: 1_000 }];

/** One delivery per message (a message holds at most 50 blocks: batching waits for digests). */
export const SLACK_BATCH_LIMIT = 1;
