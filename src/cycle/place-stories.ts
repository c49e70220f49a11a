import type { Clock } from '../clock/clock.js';
import type { Store } from '../store/store.js';
import type { ItemToPlace } from './new-items.js';
import type { StoryStage } from './story-stage.js';

/**
 * How far before its last sync the window looks again for items other replicas placed: their
 * times come from their own clocks (within this of each other, as NTP keeps them).
 */
export const STORY_SYNC_MARGIN_MS = 10 * 60_000;

export interface PlaceStoriesDeps {
  readonly stories: StoryStage;
  readonly store: Pick<Store, 'addStoryItems' | 'listStoryItems' | 'withStoryLock'>;
  readonly clock: Clock;
}

/**
 * Places a read's new items in their stories (the story stage's matcher) and records them in the
 * window, in order, once the read is committed. On a database shared by replicas the others place
 * items too: under the store's story lock, the window first takes what they placed since it was
 * last synced, then this read's items are placed, at the time of placing, and written before the
 * lock is released. So two replicas never start one story twice: the second sees the first's item.
 */
export async function placeStories(toPlace: readonly ItemToPlace[], deps: PlaceStoriesDeps): Promise<void> {
  if (toPlace.length === 0) return;
  const { stories, store, clock } = deps;
  await stories.prepare();
  const placeAll = () => {
    const now = clock.now();
    return toPlace.map(({ item, grouped }) => stories.place(item, grouped, now));
  };
  if (!stories.shared) {
    await store.addStoryItems(placeAll());
    return;
  }
  await store.withStoryLock(async () => {
    const now = clock.now();
    stories.sync(await store.listStoryItems(new Date(stories.syncedAt - STORY_SYNC_MARGIN_MS).toISOString()), now);
    await store.addStoryItems(placeAll());
  });
}
