import { describe, expect, it } from 'vitest';
import type { StoryPost, StoryWindowItem } from '../../../src/store/store.js';
import { T0, T1, T2, T3, feedItem } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

function windowItem(storyKey: string, storyId: string, addedAt: string, overrides: Partial<StoryWindowItem> = {}): StoryWindowItem {
  return { storyKey, storyId, addedAt, title: `Titre ${storyKey}`, summary: `Résumé ${storyKey}`, source: 'lemagit', grouped: ['discord'], ...overrides };
}

function post(destination: string, storyId: string, updatedAt: string, overrides: Partial<StoryPost> = {}): StoryPost {
  return {
    destination,
    storyId,
    ref: { messageId: '1100000000000000001' },
    lead: { item: feedItem('lemagit', 'a'), watch: 'cloud', terms: ['cloud'], color: 0x1f6feb },
    also: [],
    updatedAt,
    ...overrides,
  };
}

export function storiesContract(engine: ContractEngine): void {
  describe('story grouping', () => {
    const open = () => engine.open();

    it('the window lists its items added since a time, in the order added, first record of a story key kept', async () => {
      const { store } = await open();
      await store.addStoryItems([windowItem('https://a.example/1', 'https://a.example/1', T1), windowItem('https://b.example/2', 'https://a.example/1', T1, { summary: '', grouped: [] })]);
      await store.addStoryItems([windowItem('https://c.example/3', 'https://c.example/3', T2), windowItem('https://a.example/1', 'other', T2)]);
      await store.addStoryItems([]);
      expect(await store.listStoryItems(T0)).toEqual([
        windowItem('https://a.example/1', 'https://a.example/1', T1),
        windowItem('https://b.example/2', 'https://a.example/1', T1, { summary: '', grouped: [] }),
        windowItem('https://c.example/3', 'https://c.example/3', T2),
      ]);
      expect((await store.listStoryItems(T2)).map((item) => item.storyKey)).toEqual(['https://c.example/3']);
      expect(await store.listStoryItems(T3)).toEqual([]);
    });

    it('storyItemsByKey returns the window items among the keys, keys with a NUL or a backslash included', async () => {
      const { store } = await open();
      await store.addStoryItems([windowItem('lemagit\u0000x\\y', 'lemagit\u0000x\\y', T1, { title: 'Titre \u0000 nul' }), windowItem('https://b.example/2', 'lemagit\u0000x\\y', T1)]);
      const found = await store.storyItemsByKey(['lemagit\u0000x\\y', 'https://b.example/2', 'https://absent.example/']);
      expect([...found.keys()].sort()).toEqual(['https://b.example/2', 'lemagit\u0000x\\y']);
      expect(found.get('https://b.example/2')?.storyId).toBe('lemagit\u0000x\\y');
      expect(await store.storyItemsByKey([])).toEqual(new Map());
    });

    it('a story post is saved, read back, and replaced; it is per destination', async () => {
      const { store } = await open();
      expect(await store.getStoryPost('discord', 'story-1')).toBeUndefined();
      await store.saveStoryPost(post('discord', 'story-1', T1));
      expect(await store.getStoryPost('discord', 'story-1')).toEqual(post('discord', 'story-1', T1));
      expect(await store.getStoryPost('slack', 'story-1')).toBeUndefined();
      const attached = post('discord', 'story-1', T2, {
        ref: { messageId: '1100000000000000001', threadId: '1100000000000000002' },
        also: [{ source: 'zdnet', title: 'Autre titre', link: 'https://zdnet.example/x' }, { source: 'silicon', title: 'Sans lien' }],
      });
      await store.saveStoryPost(attached);
      expect(await store.getStoryPost('discord', 'story-1')).toEqual(attached);
    });

    it('pruneStories forgets items added before the time, and posts of stories with no item left not updated since', async () => {
      const { store } = await open();
      await store.addStoryItems([windowItem('k1', 's1', T0), windowItem('k2', 's2', T0), windowItem('k3', 's2', T2)]);
      await store.saveStoryPost(post('discord', 's1', T0));
      await store.saveStoryPost(post('discord', 's2', T0));
      await store.saveStoryPost(post('discord', 's3', T2));
      expect(await store.pruneStories(T1)).toEqual({ items: 2, posts: 1 });
      expect((await store.listStoryItems(T0)).map((item) => item.storyKey)).toEqual(['k3']);
      expect(await store.getStoryPost('discord', 's1')).toBeUndefined();
      expect(await store.getStoryPost('discord', 's2')).toBeDefined();
      expect(await store.getStoryPost('discord', 's3')).toBeDefined();
    });

    it('withStoryLock runs its function and passes its result and its error through, and is free again after an error', async () => {
      const { store } = await open();
      expect(await store.withStoryLock(async () => {
        await store.addStoryItems([windowItem('k1', 's1', T1)]);
        return 'placed';
      })).toBe('placed');
      const failure = new Error('the placing failed');
      await expect(store.withStoryLock(async () => Promise.reject(failure))).rejects.toBe(failure);
      expect(await store.withStoryLock(async () => (await store.listStoryItems(T0)).map((item) => item.storyKey))).toEqual(['k1']);
    });

    it('times are validated', async () => {
      const { store } = await open();
      await expect(store.listStoryItems('yesterday')).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid-input' });
      await expect(store.addStoryItems([windowItem('k', 'k', 'now')])).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid-input' });
    });
  });
}
