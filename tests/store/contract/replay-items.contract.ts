import { describe, expect, it } from 'vitest';
import { ITEM_SUMMARY_MAX_CHARS } from '../../../src/store/item-text.js';
import type { FeedItem } from '../../../src/parse/feed-item.js';
import type { SourceSuccess } from '../../../src/store/store.js';
import { delivery, feedItem, success, T0, T1, T2, T3 } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

export function replayItemsContract(engine: ContractEngine): void {
  describe('listSeenItems and listPostedItems (replay)', () => {
    const open = () => engine.open();

    it('keeps each new item\'s text with its record: title, summary, categories, link, dates, and whether it could be posted', async () => {
      const { store } = await open();
      const first: SourceSuccess = {
        ...success('lwn', T0, []),
        items: [
          { item: feedItem('lwn', 'a', { title: 'Rust 2.0', categories: ['rust', 'lang'] }), deliveries: [], postable: false },
          { item: withoutLink(feedItem('lwn', 'b', { storyKey: 'lwn b', publishedFromFeed: false, published: T1 })), deliveries: [] },
        ],
      };
      await store.commitSourceSuccess(first);
      expect(await store.listSeenItems({ since: T0, limit: 10 })).toEqual([
        {
          source: 'lwn',
          id: 'a',
          storyKey: 'https://news.example/a',
          firstSeenAt: T0,
          text: { title: 'Rust 2.0', summary: 'Summary of a', categories: ['rust', 'lang'], link: 'https://news.example/a', published: T0, publishedFromFeed: true, postable: false },
        },
        {
          source: 'lwn',
          id: 'b',
          storyKey: 'lwn b',
          firstSeenAt: T0,
          text: { title: 'Title b', summary: 'Summary of b', categories: ['tech'], published: T1, publishedFromFeed: false, postable: true },
        },
      ]);
    });

    it('does not overwrite a text when an item is seen again', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')]));
      await store.commitSourceSuccess(success('lwn', T1, [feedItem('lwn', 'a', { title: 'Changed' })]));
      const items = await store.listSeenItems({ since: T0, limit: 10 });
      expect(items.map((item) => [item.id, item.firstSeenAt, item.text.title])).toEqual([['a', T0, 'Title a']]);
    });

    it(`bounds a summary to ${ITEM_SUMMARY_MAX_CHARS} characters`, async () => {
      const { store } = await open();
      const long = 'x'.repeat(ITEM_SUMMARY_MAX_CHARS + 500);
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a', { summary: long })]));
      const [item] = await store.listSeenItems({ since: T0, limit: 10 });
      expect(item?.text.summary).toBe('x'.repeat(ITEM_SUMMARY_MAX_CHARS));
    });

    it('lists items first seen since a time, newest first, optionally of one source, at most `limit`', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')]));
      await store.commitSourceSuccess(success('hn', T1, [feedItem('hn', 'b'), feedItem('hn', 'c')]));
      await store.commitSourceSuccess(success('lwn', T2, [feedItem('lwn', 'd')]));
      const ids = async (filter: Parameters<typeof store.listSeenItems>[0]) => (await store.listSeenItems(filter)).map((item) => `${item.source}/${item.id}`);
      expect(await ids({ since: T0, limit: 10 })).toEqual(['lwn/d', 'hn/b', 'hn/c', 'lwn/a']);
      expect(await ids({ since: T1, limit: 10 })).toEqual(['lwn/d', 'hn/b', 'hn/c']);
      expect(await ids({ since: '2025-03-01T12:00:00+01:00', limit: 10 })).toEqual(['lwn/d', 'hn/b', 'hn/c']);
      expect(await ids({ since: T0, source: 'lwn', limit: 10 })).toEqual(['lwn/d', 'lwn/a']);
      expect(await ids({ since: T0, limit: 2 })).toEqual(['lwn/d', 'hn/b']);
      expect(await ids({ since: T3, limit: 10 })).toEqual([]);
    });

    it('gives back ids and story keys exactly, including a NUL character and backslashes', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a\u0000b\\0c\\\\', { storyKey: 'k\\\u0000' })]));
      const [item] = await store.listSeenItems({ since: T0, limit: 10 });
      expect([item?.id, item?.storyKey]).toEqual(['a\u0000b\\0c\\\\', 'k\\\u0000']);
    });

    it('forgets a text when its item record is pruned', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')], [], { presentItemIds: [] }));
      await store.commitSourceSuccess(success('lwn', T1, [], [], { presentItemIds: ['b'] }));
      await store.commitSourceSuccess(success('lwn', T3, [], [], { presentItemIds: ['b'] }));
      expect(await store.prune(T2)).toEqual({ items: 1, deliveries: 0 });
      expect((await store.listSeenItems({ since: T0, limit: 10 })).map((item) => item.id)).toEqual(['b']);
    });

    it('refuses a bad time or limit', async () => {
      const { store } = await open();
      await expect(store.listSeenItems({ since: 'yesterday', limit: 10 })).rejects.toMatchObject({ name: 'StoreError', operation: 'listSeenItems', kind: 'invalid-input' });
      await expect(store.listSeenItems({ since: T0, limit: -1 })).rejects.toMatchObject({ name: 'StoreError', operation: 'listSeenItems', kind: 'invalid-input' });
      await expect(store.listPostedItems('soon')).rejects.toMatchObject({ name: 'StoreError', operation: 'listPostedItems', kind: 'invalid-input' });
    });

    it('lists what was posted since a time: watch, destination, source, story, item and status, oldest first', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')], [delivery('discord', 'rust'), delivery('slack', 'rust')]));
      await store.commitSourceSuccess(success('hn', T2, [feedItem('hn', 'c')], [delivery('discord', 'cloud', ['cloud'])]));
      await store.markDelivered(1, T1);
      await store.markFailed(2, { at: T1, error: 'HTTP 404' });
      expect(await store.listPostedItems(T0)).toEqual([
        { watch: 'rust', destination: 'discord', terms: ['rust'], source: 'lwn', storyKey: 'https://news.example/a', item: feedItem('lwn', 'a'), status: 'delivered', enqueuedAt: T0 },
        { watch: 'rust', destination: 'slack', terms: ['rust'], source: 'lwn', storyKey: 'https://news.example/a', item: feedItem('lwn', 'a'), status: 'failed', enqueuedAt: T0 },
        { watch: 'cloud', destination: 'discord', terms: ['cloud'], source: 'hn', storyKey: 'https://news.example/c', item: feedItem('hn', 'c'), status: 'pending', enqueuedAt: T2 },
      ]);
      expect((await store.listPostedItems(T1)).map((post) => post.item.id)).toEqual(['c']);
    });
  });
}

function withoutLink(item: FeedItem): FeedItem {
  const { link: _link, ...rest } = item;
  return rest;
}
