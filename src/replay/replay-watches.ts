import type { WatchConfig } from '../config/config-types.js';
import { planDeliveries } from '../cycle/plan-deliveries.js';
import type { Matcher, MatchInput } from '../match/index.js';
import type { PostedItem, SeenItemRecord } from '../store/store.js';

/** An item in a replay's difference. */
export interface ReplayItem {
  readonly source: string;
  readonly id: string;
  readonly title: string;
  readonly link?: string;
  readonly published: string;
  /** The terms the replayed rule matched on (added items); the terms it was posted with (removed ones). */
  readonly terms: readonly string[];
}

/** One watch of the replayed configuration. */
export interface WatchReplay {
  readonly watch: string;
  /** Stored items the watch would post now (distinct items). */
  readonly wouldPost: number;
  /** Items the watch did post in the window (distinct items). */
  readonly posted: number;
  /** Items it would now post that it did not. */
  readonly added: readonly ReplayItem[];
  /** Items it posted that it would no longer post. */
  readonly removed: readonly ReplayItem[];
}

export interface ReplayInput {
  /** The watches, in config order (the first watch to claim a destination wins, as live). */
  readonly watches: readonly WatchConfig[];
  /** Compiled from `watches` (the live matcher code). */
  readonly matcher: Matcher;
  /** Seen items of the window (only those that could be posted when seen count). */
  readonly items: readonly SeenItemRecord[];
  /** What was enqueued in the window, and what was collected for digests (`Store.listCollectedItems`). */
  readonly posted: readonly PostedItem[];
}

/**
 * Replays `watches` over stored items and compares with what was posted (pure). An item counts as
 * posted by a watch when the outbox holds an entry of that watch for it, or when it was collected
 * for one of the watch's digests (any status or state). Each item goes
 * through the live path: `matcher.match`, then `planDeliveries` (the watch's sources, first watch per
 * destination wins). An item whose story every planned destination already received through another
 * item (another source's link to the same story) is not "added": live dedupe would have dropped it.
 */
export function replayWatches(input: ReplayInput): WatchReplay[] {
  const plan = planner(input.watches, input.matcher);
  const postedBy = new Map<string, Map<string, PostedItem>>();
  const storyAt = new Map<string, Set<string>>();
  for (const post of input.posted) {
    const key = itemKey(post.source, post.item.id);
    let byWatch = postedBy.get(post.watch);
    if (byWatch === undefined) postedBy.set(post.watch, (byWatch = new Map()));
    if (!byWatch.has(key)) byWatch.set(key, post);
    const story = `${post.destination}\u0000${post.storyKey}`;
    let items = storyAt.get(story);
    if (items === undefined) storyAt.set(story, (items = new Set()));
    items.add(key);
  }

  const wouldPost = new Map<string, Map<string, ReplayItem>>();
  const added = new Map<string, ReplayItem[]>();
  for (const seen of input.items) {
    if (!seen.text.postable) continue;
    const key = itemKey(seen.source, seen.id);
    for (const [watch, { terms, destinations }] of plan(seen.source, seen.text)) {
      const item = replayItem(seen.source, seen.id, seen.text, terms);
      let set = wouldPost.get(watch);
      if (set === undefined) wouldPost.set(watch, (set = new Map()));
      set.set(key, item);
      if (postedBy.get(watch)?.has(key) === true) continue;
      const dedupedEverywhere = destinations.every((destination) =>
        [...(storyAt.get(`${destination}\u0000${seen.storyKey}`) ?? [])].some((other) => other !== key),
      );
      if (dedupedEverywhere) continue;
      const list = added.get(watch) ?? [];
      list.push(item);
      added.set(watch, list);
    }
  }

  return input.watches.map((watch) => {
    const posts = postedBy.get(watch.name) ?? new Map<string, PostedItem>();
    const removed: ReplayItem[] = [];
    for (const post of posts.values()) {
      if (!plan(post.source, post.item).has(watch.name)) removed.push(replayItem(post.source, post.item.id, post.item, post.terms));
    }
    return {
      watch: watch.name,
      wouldPost: wouldPost.get(watch.name)?.size ?? 0,
      posted: posts.size,
      added: added.get(watch.name) ?? [],
      removed,
    };
  });
}

type Plan = (source: string, item: MatchInput) => Map<string, { terms: readonly string[]; destinations: string[] }>;

/** Per item: the watches that would post it, with their terms and destinations (the live code path). */
function planner(watches: readonly WatchConfig[], matcher: Matcher): Plan {
  const context = { watches: new Map(watches.map((watch) => [watch.name, { watch, sources: new Set(watch.sources) }])) };
  return (source, item) => {
    const byWatch = new Map<string, { terms: readonly string[]; destinations: string[] }>();
    for (const delivery of planDeliveries(source, matcher.match(item), context)) {
      const entry = byWatch.get(delivery.watch);
      if (entry === undefined) byWatch.set(delivery.watch, { terms: delivery.terms, destinations: [delivery.destination] });
      else entry.destinations.push(delivery.destination);
    }
    return byWatch;
  };
}

function itemKey(source: string, id: string): string {
  return `${source}\u0000${id}`;
}

function replayItem(
  source: string,
  id: string,
  text: { readonly title: string; readonly link?: string; readonly published: string },
  terms: readonly string[],
): ReplayItem {
  return { source, id, title: text.title, ...(text.link === undefined ? {} : { link: text.link }), published: text.published, terms };
}
