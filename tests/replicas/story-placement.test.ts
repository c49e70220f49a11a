import { describe, expect, it } from 'vitest';
import { placeStories } from '../../src/cycle/place-stories.js';
import { loadStoryStage } from '../../src/cycle/story-stage.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { FeedItem } from '../../src/parse/feed-item.js';
import { createTestClock } from '../helpers/test-clock.js';
import { useTestDatabase } from '../helpers/test-database.js';

/**
 * Two replicas on one PostgreSQL database place items of one story read in the same tick: each
 * loaded its window before the other placed anything, yet the second to place sees the first's
 * item (under the store's story lock, after syncing) and joins its story instead of starting one.
 */
const database = useTestDatabase();
const WINDOW_MS = 48 * 3_600_000;
const NOW = new Date('2026-03-02T09:00:00.000Z');

function item(storyKey: string, source: string, title: string, summary: string): FeedItem {
  return { id: storyKey, storyKey, source, title, link: storyKey, summary, categories: [], published: NOW.toISOString(), publishedFromFeed: true };
}

const LEMAGIT = item('https://lemagit.example/bleu', 'LeMagIT', 'Bleu obtient la qualification SecNumCloud de l’Anssi', 'Le cloud d’Orange et Capgemini est qualifié.');
const LMI = item('https://lmi.example/bleu', 'LMI', 'SecNumCloud : l’Anssi qualifie Bleu, le cloud d’Orange et Capgemini', '');
const OTHER = item('https://silicon.example/huawei', 'Silicon', 'Huawei ouvre un centre de données en Alsace', '');

async function replicas(url: string): Promise<[PostgresStore, PostgresStore]> {
  return [await openPostgresStore(url), await openPostgresStore(url)];
}

describe('story placement across replicas on PostgreSQL', () => {
  it('two replicas placing one story at once: one story, whatever the order; another story stays apart', async () => {
    for (const order of ['together', 'a-then-b', 'b-then-a'] as const) {
      const stores = await replicas(await database().freshSchema());
      try {
        const clock = createTestClock(NOW.toISOString());
        // Both loaded their (empty) window at the start of the tick.
        const [a, b] = await Promise.all(stores.map((store) => loadStoryStage(store, WINDOW_MS, NOW, true)));
        const placeA = () => placeStories([{ item: LEMAGIT, grouped: ['discord'] }], { stories: a!, store: stores[0], clock });
        const placeB = () => placeStories([{ item: LMI, grouped: ['discord'] }, { item: OTHER, grouped: ['discord'] }], { stories: b!, store: stores[1], clock });
        if (order === 'together') await Promise.all([placeA(), placeB()]);
        else if (order === 'a-then-b') await placeA().then(placeB);
        else await placeB().then(placeA);
        const placed = await stores[0].listStoryItems(new Date(NOW.getTime() - WINDOW_MS).toISOString());
        const storyOf = new Map(placed.map((entry) => [entry.storyKey, entry.storyId]));
        expect([order, storyOf.size, storyOf.get(LMI.storyKey) === storyOf.get(LEMAGIT.storyKey), storyOf.get(OTHER.storyKey)]).toEqual([order, 3, true, OTHER.storyKey]);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    }
  });

  it('a replica that does not sync (the window as loaded) would start the story twice: what the lock and the sync prevent', async () => {
    const stores = await replicas(await database().freshSchema());
    try {
      const clock = createTestClock(NOW.toISOString());
      const [a, b] = await Promise.all(stores.map((store) => loadStoryStage(store, WINDOW_MS, NOW, false)));
      await placeStories([{ item: LEMAGIT, grouped: ['discord'] }], { stories: a!, store: stores[0], clock });
      await placeStories([{ item: LMI, grouped: ['discord'] }], { stories: b!, store: stores[1], clock });
      const placed = await stores[0].listStoryItems(new Date(NOW.getTime() - WINDOW_MS).toISOString());
      expect(placed.map((entry) => entry.storyId)).toEqual([LEMAGIT.storyKey, LMI.storyKey]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('the story lock is one holder at a time across stores, and a holder that fails releases it', async () => {
    const stores = await replicas(await database().freshSchema());
    try {
      const events: string[] = [];
      const hold = (store: PostgresStore, name: string, fail = false) =>
        store.withStoryLock(async () => {
          events.push(`${name} in`);
          await new Promise((resolve) => setTimeout(resolve, 50));
          events.push(`${name} out`);
          if (fail) throw new Error(`${name} failed`);
        });
      const results = await Promise.allSettled([hold(stores[0], 'a1', true), hold(stores[1], 'b1'), hold(stores[0], 'a2'), hold(stores[1], 'b2')]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      // Every holder left before the next came in: the events are (in, out) pairs of one holder.
      const pairs = Array.from({ length: events.length / 2 }, (_, index) => [events[2 * index], events[2 * index + 1]]);
      expect(pairs.map(([entered, left]) => `${entered?.replace(' in', '')}/${left?.replace(' out', '')}`).every((pair) => pair.split('/')[0] === pair.split('/')[1])).toBe(true);
      expect(pairs.flat().filter((event) => event?.endsWith(' in')).sort()).toEqual(['a1 in', 'a2 in', 'b1 in', 'b2 in']);
      expect(events).toHaveLength(8);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
