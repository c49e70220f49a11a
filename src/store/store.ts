import type { FeedFailureKind } from '../errors/feed-failure-kind.js';
import type { FeedItem } from '../parse/feed-item.js';

/**
 * All of veille's state goes through this interface: the embedded SQLite file (src/store/sqlite/) or
 * a PostgreSQL database (src/store/postgres/); tests/store/contract checks both the same way. Methods
 * are async for the latter; times are ISO 8601 UTC.
 */
export interface Store {
  getSource(name: string): Promise<SourceRecord | undefined>;
  listSources(): Promise<SourceRecord[]>;

  /** The ids among `ids` that were never recorded for `source`. */
  unseenItemIds(source: string, ids: readonly string[]): Promise<Set<string>>;

  /*
   * Durability. The four writes that record what reading a source found (commitSourceSuccess,
   * recordUnchanged, recordFailure, transitionSourceHealth) are atomic and survive a crash of the
   * process, but a crash of the machine may take the last ones back until `syncPoint`: nothing is
   * sent in between, so such a loss only means reading those sources again. Every other write is
   * durable when its promise resolves.
   */

  /**
   * Makes every write before it durable. A cycle calls it after reading its sources and before
   * sending anything, so that nothing is ever sent on the strength of state a power loss could
   * take back (an item sent, then seen as new again after the restart, would be sent twice).
   */
  syncPoint(at: string): Promise<void>;

  /**
   * One transaction for a successful read of a source:
   * - records every item of `items` as seen for the source (first sight is also the seeding);
   * - turns each new item's `deliveries` into pending outbox entries, at most one per (destination,
   *   story) and none for a headline another source sent to that destination in the past week;
   * - saves the validators, resets its failure streak, and marks the source seeded once a read lists
   *   entries (an empty first read seeds nothing, so the next one cannot flood).
   */
  commitSourceSuccess(input: SourceSuccess): Promise<CommitResult>;

  /** 304, or a body byte-identical to the last one: a success that read nothing new. */
  recordUnchanged(source: string, url: string, at: string, validators: SourceValidators): Promise<void>;

  /** A failed fetch/parse: increments the streak, stores the error and when to try next. */
  recordFailure(source: string, url: string, failure: SourceFailure): Promise<void>;

  /**
   * One transaction: if the source's health is still `from`, set it to `to` and enqueue the notice
   * for each of its destinations. Returns false (and enqueues nothing) when another transition
   * already happened: one notice per change, even with several processes or a crash in between.
   */
  transitionSourceHealth(input: HealthTransition): Promise<boolean>;

  /**
   * The head of a destination's queue (pending entries, oldest item first) up to the first entry
   * whose next attempt is not due yet: a deferred entry holds back those behind it, so a
   * destination always receives items in order.
   */
  dueDeliveries(destination: string, now: string, limit: number): Promise<OutboxEntry[]>;
  markDelivered(id: number, at: string): Promise<void>;
  /** Keep pending, try again at `nextAttemptAt`; `failedAttempts` sends failed since the last record (0 for a rate limit). */
  markRetry(id: number, retry: { at: string; nextAttemptAt: string; error: string; failedAttempts: number }): Promise<void>;
  /** Permanent failure: never tried again, kept for the record. */
  markFailed(id: number, failure: { at: string; error: string }): Promise<void>;
  /**
   * Gives up pending entries enqueued before `enqueuedBefore` (their destination was removed,
   * disabled, or down for too long): marked failed with `reason`, never sent late. Returns how
   * many, per destination.
   */
  expirePending(enqueuedBefore: string, at: string, reason: string): Promise<ReadonlyMap<string, number>>;
  /** Pending entries (all destinations when omitted). */
  pendingCount(destination?: string): Promise<number>;

  /**
   * Outbox entries of every status for reading (the web page), newest enqueued first (by id),
   * filtered by each field given; `beforeId` pages on (entries with a smaller id).
   */
  listDeliveries(filter: DeliveryFilter): Promise<DeliveryRecord[]>;

  /**
   * A destination that must not be called again (e.g. a deleted webhook), keyed by a fingerprint of
   * its settings so that fixing the config re-enables it. Never store secrets: pass a hash.
   */
  disableDestination(name: string, fingerprint: string, reason: string, at: string): Promise<void>;
  destinationDisabledReason(name: string, fingerprint: string): Promise<string | undefined>;

  /**
   * Forget what is no longer needed to avoid duplicates: seen items absent from their feed since
   * before `before` (see `SourceSuccess.presentItemIds`), every seen item of a source not read
   * successfully since `before` (the source is then unseeded, so its next read seeds it again
   * instead of posting old items), stories first seen before `before` that no remaining seen item
   * refers to, and outbox entries finished before `before`. Pending entries are never deleted.
   */
  prune(before: string): Promise<{ items: number; deliveries: number }>;

  /**
   * Takes (or renews) the single-writer lease until `expiresAt`: granted when free, expired, already
   * ours, or when `takeOver` says the holder is gone. Otherwise returns who holds it.
   */
  acquireLease(holder: LeaseHolder, at: string, expiresAt: string, takeOver?: (current: LeaseHolder) => boolean): Promise<LeaseResult>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(owner: string): Promise<void>;

  /** Takes and releases the write lock without writing: fails on a locked, read-only or lost database. */
  checkWritable(): Promise<void>;

  close(): Promise<void>;

  // Replay: the texts of seen items and what was posted (see src/replay/).
  /** Seen items with a stored text, first seen since `filter.since`, newest first, at most `limit`. */
  listSeenItems(filter: SeenItemFilter): Promise<SeenItemRecord[]>;
  /** Outbox entries (every status, health notices included) enqueued since `since`, oldest first. */
  listPostedItems(since: string): Promise<PostedItem[]>;
  /* Per-source intervals (issue 16): what a feed says of how often to read it. */

  /**
   * Replaces what the feed of an already recorded source last said of how often to read it (no
   * record: nothing). Written with the source's read, before the sync point (see Durability).
   */
  recordFeedHints(source: string, hints: FeedHints): Promise<void>;

  /* Story grouping (issue 14): the story window, and where each story was posted per destination. */

  /**
   * Records items of the story window (written with the source's read, before the sync point). An
   * item already recorded (same `storyKey`) is kept as it was.
   */
  addStoryItems(items: readonly StoryWindowItem[]): Promise<void>;
  /** The window's items added at or after `since`, in the order they were added. */
  listStoryItems(since: string): Promise<StoryWindowItem[]>;
  /** The window items among these story keys (absent from the map: not in the window). */
  storyItemsByKey(storyKeys: readonly string[]): Promise<Map<string, StoryWindowItem>>;
  /** Where `storyId` was first posted on `destination`, and what was attached to it since. */
  getStoryPost(destination: string, storyId: string): Promise<StoryPost | undefined>;
  /** Creates or replaces the story's post on its destination. */
  saveStoryPost(post: StoryPost): Promise<void>;
  /**
   * Forgets the window items added before `before`, and the story posts last updated before
   * `before` whose story has no item left in the window.
   */
  pruneStories(before: string): Promise<{ items: number; posts: number }>;
}

/** A process writing the state file. */
export interface LeaseHolder {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
}

export type LeaseResult = { readonly granted: true } | { readonly granted: false; readonly holder: LeaseHolder; readonly expiresAt: string };

/** What the last health notice said about a source. */
export type SourceHealth = 'ok' | 'failing' | 'stale';

export interface HealthTransition {
  readonly source: string;
  readonly url: string;
  readonly from: SourceHealth;
  readonly to: SourceHealth;
  readonly at: string;
  /** The notice, as an item (its `storyKey` is unique to this transition), and where it goes. */
  readonly notice: FeedItem;
  readonly deliveries: readonly PlannedDelivery[];
}

export interface SourceValidators {
  readonly etag?: string;
  readonly lastModified?: string;
  /** sha256 (hex) of the raw response body, before decoding. */
  readonly bodyHash?: string;
}

export interface SourceRecord {
  readonly name: string;
  readonly url: string;
  /** True once a read of the source has been recorded (its items at that time were not posted). */
  readonly seeded: boolean;
  readonly validators: SourceValidators;
  readonly lastAttemptAt?: string;
  readonly lastSuccessAt?: string;
  /** Last time a read found at least one item never seen before. */
  readonly lastNewItemAt?: string;
  readonly consecutiveFailures: number;
  readonly lastError?: { readonly kind: FeedFailureKind; readonly message: string; readonly at: string };
  readonly nextAttemptAt?: string;
  readonly itemsSeen: number;
  /** Health as last notified (`ok` until a notice says otherwise). */
  readonly health: SourceHealth;
  /** What the feed last said about how often to read it (see `recordFeedHints`); absent: nothing. */
  readonly feedHints?: FeedHints;
}

export interface PlannedDelivery {
  readonly destination: string;
  readonly watch: string;
  readonly terms: readonly string[];
  /** Discord embed colour of the watch, if configured. */
  readonly color?: number;
}

export interface SourceSuccess {
  readonly source: string;
  readonly url: string;
  readonly at: string;
  readonly validators: SourceValidators;
  /**
   * Items not seen before for this source (see `unseenItemIds`), each with what to deliver and,
   * for a substantial headline, its folded form: a headline another source showed in the last
   * week is the same story (an aggregator's redirect link differs from the outlet's own).
   */
  readonly items: readonly {
    readonly item: FeedItem;
    readonly deliveries: readonly PlannedDelivery[];
    readonly titleKey?: string;
    /** Whether the item could be posted at all (see ItemText.postable); true when omitted. */
    readonly postable?: boolean;
  }[];
  /**
   * Ids of every item of this read, seen before or not. Seen items missing from it are marked
   * absent, and only absent items are ever pruned: a feed that keeps listing an old item must not
   * see it re-posted once the retention period is over. When omitted, nothing is marked absent.
   */
  readonly presentItemIds?: readonly string[];
}

export interface CommitResult {
  /** Items recorded as seen for the source. */
  readonly newItems: number;
  /** Outbox entries created. */
  readonly enqueued: number;
}

export interface SourceFailure {
  readonly kind: FeedFailureKind;
  readonly message: string;
  readonly at: string;
  readonly nextAttemptAt?: string;
}

export interface OutboxEntry {
  readonly id: number;
  readonly destination: string;
  readonly watch: string;
  readonly terms: readonly string[];
  readonly color?: number;
  readonly item: FeedItem;
  readonly attempts: number;
  readonly enqueuedAt: string;
  readonly nextAttemptAt: string;
  readonly lastError?: string;
}

export interface DeliveryFilter {
  readonly watch?: string;
  readonly destination?: string;
  readonly status?: DeliveryStatus;
  /** Enqueued at or after this time (ISO 8601). */
  readonly since?: string;
  /** Enqueued before this time (ISO 8601). */
  readonly until?: string;
  /** Only entries with an id below this one (the next page). */
  readonly beforeId?: number;
  readonly limit: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One outbox entry as the web page shows it. */
export interface DeliveryRecord {
  readonly id: number;
  readonly destination: string;
  readonly watch: string;
  readonly terms: readonly string[];
  /** The source that read the item (a health notice's source too). */
  readonly source: string;
  readonly item: FeedItem;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly enqueuedAt: string;
  readonly nextAttemptAt: string;
  readonly lastAttemptAt?: string;
  /** When it was delivered or given up. */
  readonly finishedAt?: string;
  readonly lastError?: string;
}

/*
 * Replay (trying a rule on the items already seen): what each engine keeps of a seen item, and the
 * facts of what was posted. Methods are declared on `Store` under "Replay".
 */

/** What replay needs of a seen item (see item-text.ts: the summary is bounded). */
export interface ItemText {
  readonly title: string;
  /** At most `ITEM_SUMMARY_MAX_CHARS` characters of the item's summary. */
  readonly summary: string;
  readonly categories: readonly string[];
  readonly link?: string;
  readonly published: string;
  readonly publishedFromFeed: boolean;
  /**
   * Whether the item could be posted when first seen (not a seeding read's old item, not too old):
   * a changed rule could only have posted these.
   */
  readonly postable: boolean;
}

/** A seen item with its text (items recorded before texts were kept have none and are not listed). */
export interface SeenItemRecord {
  readonly source: string;
  readonly id: string;
  readonly storyKey: string;
  readonly firstSeenAt: string;
  readonly text: ItemText;
}

export interface SeenItemFilter {
  /** First seen at or after this time (ISO 8601). */
  readonly since: string;
  readonly source?: string;
  readonly limit: number;
}

/** One outbox entry as replay compares it: which watch posted which item of which source where. */
export interface PostedItem {
  readonly watch: string;
  readonly destination: string;
  /** The terms it was posted with. */
  readonly terms: readonly string[];
  readonly source: string;
  readonly storyKey: string;
  readonly item: FeedItem;
  readonly status: DeliveryStatus;
  readonly enqueuedAt: string;
}

/**
 * How often a feed asks to be read, as it last said so (each in ms, as written: the cap and the
 * settings apply when they are used, see src/cycle/source-interval.ts). From the document: RSS
 * `<ttl>` (minutes), the syndication module's `updatePeriod` / `updateFrequency`; from the
 * response: `Cache-Control: max-age`.
 */
export interface FeedHints {
  readonly ttlMs?: number;
  readonly updatePeriodMs?: number;
  readonly maxAgeMs?: number;
}

/*
 * Story grouping (issue 14). Methods are declared on `Store` under "Story grouping".
 */

/** An item of the story window: enough to rebuild the story index after a restart. */
export interface StoryWindowItem {
  /** The item's `storyKey` (its normalized link, else source + id). */
  readonly storyKey: string;
  /** The story it tells (the `storyKey` of the story's first item). */
  readonly storyId: string;
  readonly addedAt: string;
  /** As received, outlet suffix included. */
  readonly title: string;
  readonly summary: string;
  readonly source: string;
  /** Destinations whose watch groups stories (`stories: group`) that this item was planned for. */
  readonly grouped: readonly string[];
}

/** Another outlet's coverage attached to a story's post. */
export interface StoryOutlet {
  readonly source: string;
  readonly title: string;
  readonly link?: string;
}

/** A story's post on one destination: where it is, what it showed, what was attached. */
export interface StoryPost {
  readonly destination: string;
  readonly storyId: string;
  /** What the destination's kind needs to attach to the post (message id, thread id...). */
  readonly ref: Readonly<Record<string, string>>;
  /** The first post's delivery, to render it again (a Discord webhook edits it). */
  readonly lead: { readonly item: FeedItem; readonly watch: string; readonly terms: readonly string[]; readonly color?: number };
  /** Coverage attached since, in order. */
  readonly also: readonly StoryOutlet[];
  readonly updatedAt: string;
}
