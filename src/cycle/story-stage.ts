import type { DeliveryPlanContext } from './plan-deliveries.js';
import type { FeedItem } from '../parse/feed-item.js';
import type { PlannedDelivery, Store, StoryWindowItem } from '../store/store.js';
import type { createStoryIndex, StoryIndex, StoryItem } from '../stories/index.js';
import { DEFAULT_STORY_WINDOW_MS } from './story-window.js';

/** What the window keeps of a summary: the teaser's first sentences tell the story; the rest costs. */
export const STORY_SUMMARY_MAX_CHARS = 400;

/**
 * The story stage (issue 14), between match and the outbox: for each new item planned for a
 * destination whose watch groups stories, the story it tells: one in the window, or its own new one
 * (its id is the item's `storyKey`). The item then joins the window. The window lives in memory (the
 * story index) and in the store (`story_items`), from which a new process loads it.
 */
export interface StoryStage {
  readonly windowMs: number;
  /**
   * Whether other processes add to the window too (replicas on one database): items are then
   * placed under the store's story lock, after `sync` (see place-stories.ts).
   */
  readonly shared: boolean;
  /** When the window was last brought up to date with the store (loaded, or synced), in ms. */
  readonly syncedAt: number;
  /**
   * Adds the items of `items` the window does not hold yet (another replica placed them), in
   * their order, with their own story ids and times; `at` becomes `syncedAt`.
   */
  sync(items: readonly StoryWindowItem[], at: Date): void;
  /**
   * Loads the story matcher (src/stories), once: `place` needs it. A cycle that places no item
   * (every source answered 304, as in most runs of a `veille once` started by cron) never loads it.
   */
  prepare(): Promise<void>;
  /**
   * The story of `item`, planned for the `grouped` destinations (those of watches with `stories:
   * group`); the item joins the window. Returns what the store records of it; an item of a
   * `storyKey` the window holds already (the same link from another source, or a read whose commit
   * failed and is read again) is not placed again: its record is returned as it was (the store
   * keeps the first record of a key). Any other item needs `prepare` done first (throws if not).
   */
  place(item: FeedItem, grouped: readonly string[], at: Date): StoryWindowItem;
  /** Forgets the items added before `now - windowMs`, in memory and in the store. */
  evict(now: Date, store: Pick<Store, 'pruneStories'>): Promise<void>;
}

export function createStoryStage(
  windowMs: number = DEFAULT_STORY_WINDOW_MS,
  loaded: readonly StoryWindowItem[] = [],
  options: { readonly shared?: boolean; readonly loadedAt?: Date; readonly createIndex?: typeof createStoryIndex } = {},
): StoryStage {
  // The index is built when the first item is placed, not when the stage is loaded: analysing the
  // window's items costs (a new process: about 90 ms for 100 items, 440 ms for 2,000), and most
  // cycles of a `veille once` started by cron place nothing (every source answers 304). Until
  // then the window is its items by story key, kept and evicted by the same rules.
  /** storyKey → what the window holds of it; an item of a key held already is not added again. */
  const keys = new Map<string, StoryWindowItem>();
  let index: StoryIndex | undefined;
  const add = (items: readonly StoryWindowItem[]) => {
    for (const item of items) {
      if (keys.has(item.storyKey)) continue;
      index?.add(storyItem(item), item.storyId, Date.parse(item.addedAt));
      keys.set(item.storyKey, item);
    }
  };
  let createIndex = options.createIndex;
  const built = (): StoryIndex => {
    if (index === undefined) {
      if (createIndex === undefined) throw new Error('the story stage placed an item before prepare() loaded the story matcher');
      index = createIndex({ windowMs });
      // In the order they joined the window (a Map keeps it).
      for (const item of keys.values()) index.add(storyItem(item), item.storyId, Date.parse(item.addedAt));
    }
    return index;
  };
  add(loaded);
  let syncedAt = options.loadedAt?.getTime() ?? 0;
  return {
    windowMs,
    shared: options.shared === true,
    get syncedAt() {
      return syncedAt;
    },
    sync(items, at) {
      add(items);
      syncedAt = at.getTime();
    },
    async prepare() {
      createIndex ??= (await import('../stories/index.js')).createStoryIndex;
    },
    place(item, grouped, at) {
      // Placed already (the same link from another source, or a read whose commit failed): as it was.
      const placed = keys.get(item.storyKey);
      if (placed !== undefined) return placed;
      const index = built();
      const entry = { title: item.title, summary: item.summary.slice(0, STORY_SUMMARY_MAX_CHARS), source: item.source };
      // The same object is matched then added: the index analyses it once.
      const candidate = storyItem(entry);
      const storyId = index.match(candidate, at.getTime())?.storyId ?? item.storyKey;
      index.add(candidate, storyId, at.getTime());
      const placedNow: StoryWindowItem = { storyKey: item.storyKey, storyId, addedAt: at.toISOString(), ...entry, grouped };
      keys.set(item.storyKey, placedNow);
      return placedNow;
    },
    async evict(now, store) {
      const before = now.getTime() - windowMs;
      index?.evict(before);
      for (const [key, placed] of keys) if (Date.parse(placed.addedAt) < before) keys.delete(key);
      await store.pruneStories(new Date(before).toISOString());
    },
  };
}

/** The stage with the store's window (items added since `now - windowMs`) loaded; `shared`: see `StoryStage.shared`. */
export async function loadStoryStage(store: Pick<Store, 'listStoryItems'>, windowMs: number, now: Date, shared = false): Promise<StoryStage> {
  return createStoryStage(windowMs, await store.listStoryItems(new Date(now.getTime() - windowMs).toISOString()), { shared, loadedAt: now });
}

/**
 * The destinations of `deliveries` whose watch groups stories (`stories: group`, the default); a
 * destination that takes the watch's digest is not one: a digest groups its own items.
 */
export function groupedDestinations(deliveries: readonly PlannedDelivery[], watches: DeliveryPlanContext['watches']): string[] {
  return deliveries.filter((delivery) => delivery.digest !== true && (watches.get(delivery.watch)?.watch.stories ?? 'group') === 'group').map((delivery) => delivery.destination);
}

function storyItem(item: { readonly title: string; readonly summary: string; readonly source: string }): StoryItem {
  return { title: item.title, summary: item.summary, source: item.source };
}
