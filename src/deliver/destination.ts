import type { DeliveryError } from '../errors/delivery-error.js';
import type { FeedItem } from '../parse/feed-item.js';
import type { Digest, DigestMessage } from './digest-message.js';
import type { StoryPost } from '../store/store.js';

/** A story's post on a destination (renderers take it from here, not from the store). */
export type { StoryPost } from '../store/store.js';

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
  /**
   * The story the item tells, when its watch groups stories (issue 14): with `parent`, the item is
   * later coverage of a story already posted here, to attach to that post (see `StoryResult`).
   */
  readonly story?: { readonly id: string; readonly parent?: StoryPost };
}

/**
 * What a kind did with a delivery that has a `story`:
 * - `attached`: the item was attached to `parent` (a thread reply, an edit, an "also:" line, or
 *   nothing for a kind that can do neither); `ref` is the parent's reference, updated (a thread
 *   started) or as it was;
 * - `posted`: the item was posted on its own (a story's first item, or a parent that is gone);
 *   `ref` says where, so later coverage can attach to it. Absent: the kind cannot attach later.
 */
export type StoryResult =
  | { readonly attached: true; readonly ref: Readonly<Record<string, string>> }
  | { readonly attached: false; readonly ref?: Readonly<Record<string, string>> };

/**
 * How fast a destination may be called. The outbox dispatcher waits so that no sliding window of
 * `windowMs` ever holds more than `limit` sends (several policies may apply at once).
 */
export interface PacingPolicy {
  readonly limit: number;
  readonly windowMs: number;
}

/** What became of one delivery of a batch. */
export type SendResult =
  | { readonly delivered: true; readonly story?: StoryResult }
  | { readonly delivered: false; readonly error: DeliveryError };

/**
 * A chat destination. `send` posts a batch of at most `batchLimit` deliveries, in order, and
 * resolves with one result per delivery it attempted, in the same order: a kind that posts the
 * batch in one request gives every delivery the same result; a kind that posts them one by one
 * stops at the first failure, and the deliveries after it (no result) were not attempted. A
 * failure is a `DeliveryError` saying whether to retry, wait, or give up. `send` never rejects
 * for a delivery failure (an unexpected throw is treated as a transient failure of the first one).
 */
export interface Destination {
  readonly name: string;
  /** The kind (`discord-webhook`, `matrix`...). */
  readonly type: string;
  readonly pacing: readonly PacingPolicy[];
  /** Most deliveries one `send` takes (1: the platform has no batch, or we keep one per message). */
  readonly batchLimit: number;
  /** Stable hash of the settings that identify the remote target (never the secret itself). */
  readonly fingerprint: string;
  /**
   * How long one request to the platform may take before it is given up (the `timeout:` setting);
   * absent: the kind makes no request (console). Replicas bound a send with it (see dispatch-outbox.ts).
   */
  readonly requestTimeoutMs?: number;
  send(deliveries: readonly Delivery[], signal?: AbortSignal): Promise<readonly SendResult[]>;
  /**
   * A digest as the few messages the platform's limits allow, in order (kinds whose `digests`
   * capability is true; see src/digest/). Rendering is pure; each message posts when sent.
   */
  renderDigest?(digest: Digest): readonly DigestMessage[];
  /**
   * Loads what `renderDigest` needs, for kinds whose code loads on first use (lazy-destination.ts);
   * awaited before `renderDigest` (send-digests.ts). Absent: nothing to load.
   */
  prepareDigest?(): Promise<void>;
  close(): Promise<void>;
}
