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

  /*
   * Work sharing between replicas (issue 13). Replicas on one PostgreSQL database split each tick's
   * due sources and take turns at each destination's queue through these claims; each claim has a
   * lease that its holder renews while the work runs, so a dead replica's work is taken over once
   * its lease expires (src/cycle/replica-claims.ts). A single SQLite process never needs them.
   */

  /**
   * Claims the sources among `names` for `replica` at the tick `tick` (the schedule's fire time,
   * the same on every replica) until `expiresAt`; returns the names granted, in the order given.
   * A source is granted when it has no claim, when `replica` holds it (a renewal: the tick and
   * expiry are replaced), or when its claim is for an earlier tick and expired (or was released)
   * by `at`. A source claimed at this tick by another replica is not granted, even once released:
   * it was read at this tick.
   */
  claimSources(replica: string, names: readonly string[], tick: string, at: string, expiresAt: string): Promise<string[]>;
  /** Ends `replica`'s claims on `names` at `at`; the claim keeps its tick and reader (`SourceRecord.lastReadBy`). */
  releaseSources(replica: string, names: readonly string[], at: string): Promise<void>;
  /** How many sources claimed at tick `tick` are still held at `at` (neither released nor expired): reads of that tick in progress. */
  sourceClaimsHeld(tick: string, at: string): Promise<number>;
  /**
   * Claims the right to drain destination `name`'s queue until `expiresAt`: granted when nobody
   * holds it, when its claim expired (or was released) by `at`, or when `replica` holds it (renewed).
   */
  claimDestination(replica: string, name: string, at: string, expiresAt: string): Promise<boolean>;
  /** Ends `replica`'s claim on destination `name` at `at` (nothing when another replica holds it). */
  releaseDestination(replica: string, name: string, at: string): Promise<void>;
  /* Web page charts (issue 17): new items per period and read durations, per source. */

  /**
   * For each source, how many seen items (those with a stored text) were first seen in each period
   * `[bounds[i], bounds[i + 1])`: `bounds` ascending, at most `MAX_COUNT_PERIODS` + 1 of them. No row
   * for a count of zero; rows by source, then period.
   */
  countNewItems(bounds: readonly string[]): Promise<NewItemCount[]>;
  /**
   * Records how long one read of a source took and how it ended. Only the last `SOURCE_READS_KEPT`
   * reads of each source are kept, and `prune` forgets those older than its `before`. Durable at the
   * next sync point (see Durability). An engine may hold them until then (SQLite writes them with
   * its next durable write): a crash of the process may lose the chart points of the last reads,
   * never the reads themselves. `listSourceReads` always sees the reads recorded before it.
   */
  recordSourceRead(read: SourceRead): Promise<void>;
  /**
   * The reads kept that ended at or after `since`, per source (by name): each read's duration and
   * outcome, oldest first (one row per source: a thousand sources' charts load in one light query).
   */
  listSourceReads(since: string): Promise<SourceReadSeries[]>;

  /*
   * Digests (issue 15): a match for a destination that takes a watch's digest is collected by
   * `commitSourceSuccess` (a `PlannedDelivery` with `digest: true`) instead of enqueued, then sent
   * with the others of its (watch, destination) when the digest fires. Each collected item goes
   * waiting -> claimed (by the digest of one period) -> sent or failed. Pruning keeps waiting and
   * claimed items.
   */

  /**
   * One transaction: unless `period` is at or before the last period of (watch, destination),
   * claims for the digest of `period` every item of the pair collected at or before `period` and
   * still waiting, and records `period` as the pair's last. Returns every claimed item not yet sent
   * or failed (a digest a crash interrupted comes back, and is never claimed twice), oldest period
   * first, then newest item first.
   */
  claimDigest(watch: string, destination: string, period: string): Promise<DigestEntry[]>;
  /** Claimed items that were posted (`sent`) or given up (`failed`, with why). Only claimed items change. */
  finishDigestEntries(ids: readonly number[], outcome: { readonly at: string; readonly state: 'sent' } | { readonly at: string; readonly state: 'failed'; readonly error: string }): Promise<void>;
  /** Items of (watch, destination) not sent yet (claimed, then waiting), in `claimDigest`'s order. */
  listDigestEntries(watch: string, destination: string): Promise<DigestEntry[]>;
  /** The period of the last digest claimed for (watch, destination); undefined: none yet. */
  lastDigestPeriod(watch: string, destination: string): Promise<string | undefined>;

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

  /* Digest leftovers (issue 15, digestfix): replay sees what went to digests; orphaned items are given up. */

  /**
   * Items collected for digests (every state) since `since`, oldest first, in replay's shape: a
   * collected item counts as posted by its watch to its destination. `status` is `pending` while
   * waiting or claimed, `delivered` once sent, `failed` once given up; `enqueuedAt` is when it was collected.
   */
  listCollectedItems(since: string): Promise<PostedItem[]>;
  /**
   * Gives up (`failed`, with `reason`, finished at `at`) the waiting and claimed items collected
   * before `collectedBefore` whose (watch, destination) is not among `keep`: their digest or
   * destination left the configuration, so nothing will ever send them. Returns how many per pair,
   * by watch, then destination.
   */
  expireOrphanDigests(keep: readonly DigestPair[], collectedBefore: string, at: string, reason: string): Promise<OrphanDigestCount[]>;

  /* Story placement across replicas (issues 13 and 14). */

  /**
   * Runs `place` while no other process on this store runs its own, and resolves with what it
   * resolves with (its errors pass through). On PostgreSQL a session advisory lock (one waiter per
   * process): replicas place new items in the story window one at a time, each after reading what
   * the others placed, so two replicas never start one story twice. SQLite has one writer: `place`
   * runs at once.
   */
  withStoryLock<T>(place: () => Promise<T>): Promise<T>;

  // Batched reads (pgperf).

  /**
   * The records of the sources among `names` that are known, by name (an unknown name has no
   * entry), as `getSource` returns them: one round trip for a batch of sources a replica claimed.
   */
  getSources(names: readonly string[]): Promise<Map<string, SourceRecord>>;
}

/** A (watch, destination) that takes a digest. */
export interface DigestPair {
  readonly watch: string;
  readonly destination: string;
}

/** Items of one orphaned (watch, destination) given up by `expireOrphanDigests`. */
export interface OrphanDigestCount extends DigestPair {
  readonly count: number;
}

/** A match collected for a digest. */
export interface DigestEntry {
  readonly id: number;
  readonly watch: string;
  readonly destination: string;
  /** The source that read the item. */
  readonly source: string;
  readonly terms: readonly string[];
  readonly color?: number;
  readonly item: FeedItem;
  readonly collectedAt: string;
  readonly state: DigestEntryState;
  /** The fire time of the digest that claimed it. */
  readonly period?: string;
}

export type DigestEntryState = 'waiting' | 'claimed' | 'sent' | 'failed';

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
  /** The replica that claimed the source for its last read (see `claimSources`); absent: none did. */
  readonly lastReadBy?: string;
}

export interface PlannedDelivery {
  readonly destination: string;
  readonly watch: string;
  readonly terms: readonly string[];
  /** Discord embed colour of the watch, if configured. */
  readonly color?: number;
  /** Collect it for the watch's digest to this destination instead of enqueuing it (see `claimDigest`). */
  readonly digest?: boolean;
}

export interface SourceSuccess {
  readonly source: string;
  readonly url: string;
  readonly at: string;
  readonly validators: SourceValidators;
  /**
   * Items not seen before for this source (see `unseenItemIds`), each with what to deliver and,
   * for a substantial headline, its folded form: a headline another source showed in the last
   * week is the same story (an aggregator's redirect link differs from the outlet's own). Only an
   * item with deliveries is compared by headline, so the cycle leaves the key out of the others.
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
  /**
   * The read planned its deliveries on a record that said the source was seeded. When the source
   * is no longer seeded as this commits (`prune` unseeded it meanwhile: another replica's cycle, a
   * source back after failing for the whole retention), its seen items may have been forgotten
   * after this read compared against them: its items are recorded, nothing is enqueued or
   * collected, the source stays unseeded without validators (its next read is a first read), and
   * `reseeded` is true in the result.
   */
  readonly plannedAsSeeded?: boolean;
}

export interface CommitResult {
  /** Items recorded as seen for the source. */
  readonly newItems: number;
  /** Outbox entries created. */
  readonly enqueued: number;
  /** See `SourceSuccess.plannedAsSeeded`: the deliveries were dropped. Absent otherwise. */
  readonly reseeded?: true;
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

/** The reads of a source the store keeps for the web page's chart (older ones are dropped as new ones come). */
export const SOURCE_READS_KEPT = 48;

/** The most periods `countNewItems` counts in one call. */
export const MAX_COUNT_PERIODS = 400;

/** How a read of a source ended (a source skipped while backing off is not read). */
export type SourceReadOutcome = 'read' | 'not-modified' | 'unchanged' | 'failed';

/** One read of a source, for the web page's chart. */
export interface SourceRead {
  readonly source: string;
  /** When it ended. */
  readonly at: string;
  readonly durationMs: number;
  readonly outcome: SourceReadOutcome;
}

/** The reads kept of one source (see `Store.listSourceReads`). */
export interface SourceReadSeries {
  readonly source: string;
  /** Oldest first. */
  readonly reads: readonly ReadDuration[];
}

export interface ReadDuration {
  readonly durationMs: number;
  readonly outcome: SourceReadOutcome;
}

/** Items of `source` first seen in period number `period` (see `Store.countNewItems`). */
export interface NewItemCount {
  readonly source: string;
  readonly period: number;
  readonly count: number;
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
