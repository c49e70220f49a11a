import type { PacingPolicy } from '../destination.js';

/** Discord webhooks: 5 requests per 2 s and 30 per minute per webhook. */
export const DISCORD_WEBHOOK_PACING: readonly PacingPolicy[] = [
  { limit: 5, windowMs: 2_000 },
  { limit: 30, windowMs: 60_000 },
];

/** Discord bot messages: 5 per 5 s per channel (the usual bucket for POST /channels/{id}/messages). */
export const DISCORD_BOT_PACING: readonly PacingPolicy[] = [{ limit: 5, windowMs: 5_000 }];

/**
 * One delivery per message. A message may carry up to 10 embeds (one request for 10 items), but
 * the bot's `nonce` (exactly once after a crash) names one delivery, and a rejected message would
 * fail all ten: batching waits for digests.
 */
export const DISCORD_BATCH_LIMIT = 1;
