import type { FeedItem } from '../parse/feed-item.js';

/** One matched item for one destination: what a destination renders and posts. */
export interface Delivery {
  readonly item: FeedItem;
  /** The watch that matched (its name is shown in the message, e.g. Discord footer). */
  readonly watch: string;
  /** The watch's terms found in the item, as written in the rule. */
  readonly terms: readonly string[];
  /** Colour of the watch (0xRRGGBB) for destinations that show one. */
  readonly color?: number;
  /**
   * The same for every attempt at this (destination, story), at most 25 characters: APIs that
   * take an idempotency key (Discord's message nonce) use it so a re-send after a crash is a no-op.
   */
  readonly idempotencyKey?: string;
}

/**
 * How fast a destination may be called. The outbox dispatcher waits so that no sliding window of
 * `windowMs` ever holds more than `limit` sends (several policies may apply at once).
 */
export interface PacingPolicy {
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * A chat destination. `send` resolves only when the remote side accepted the message; otherwise it
 * rejects with a `DeliveryError` saying whether to retry, wait, or give up.
 */
export interface Destination {
  readonly name: string;
  readonly type: string;
  readonly pacing: readonly PacingPolicy[];
  /** Stable hash of the settings that identify the remote target (never the secret itself). */
  readonly fingerprint: string;
  send(delivery: Delivery, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
