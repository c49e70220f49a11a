import { describe, expect, it } from 'vitest';
import { delivery, feedItem, success, T0, T1, T2 } from '../helpers/store-fixtures.js';
import type { ContractEngine, StorePeek } from './contract-engine.js';

async function outboxRows(peek: StorePeek): Promise<unknown[]> {
  return (await peek.outboxRows()).map(({ destination, story_key, watch, status }) => ({ destination, story_key, watch, status }));
}

export function commitSourceSuccessContract(engine: ContractEngine): void {
  describe('unseenItemIds', () => {
    const open = () => engine.open();

    it('returns the ids never recorded for that source, and only those', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')]));
      await store.commitSourceSuccess(success('ars', T0, [feedItem('ars', 'c')]));

      expect(await store.unseenItemIds('lwn', ['a', 'b', 'c', 'd', 'd'])).toEqual(new Set(['c', 'd']));
      expect(await store.unseenItemIds('ars', ['a', 'c'])).toEqual(new Set(['a']));
      expect(await store.unseenItemIds('never-read', ['a'])).toEqual(new Set(['a']));
      expect(await store.unseenItemIds('lwn', [])).toEqual(new Set());
    });

    it('handles ids that look like SQL or JSON, and non-ASCII ids', async () => {
      const { store } = await open();
      const odd = ["it's", '"quoted"', '[1,2]', 'a,b', "'); DROP TABLE seen_items; --", 'café-☕', ''];
      await store.commitSourceSuccess(success('lwn', T0, odd.slice(0, 4).map((id) => feedItem('lwn', id))));

      expect(await store.unseenItemIds('lwn', odd)).toEqual(new Set(odd.slice(4)));
    });

    it('keeps ids and links with a NUL character or backslashes apart, and round-trips them', async () => {
      const { store } = await open();
      const ids = ['a\u0000b', 'a\\0b', 'a\\u0000b', 'a\\\\0b'];
      const result = await store.commitSourceSuccess(
        success('lwn', T0, ids.slice(0, 2).map((id) => feedItem('lwn', id, { storyKey: `story:${id}` })), [delivery('discord')]),
      );

      expect(result).toEqual({ newItems: 2, enqueued: 2 });
      expect(await store.unseenItemIds('lwn', ids)).toEqual(new Set(ids.slice(2)));
      expect((await store.dueDeliveries('discord', T0, 10)).map((entry) => entry.item.id)).toEqual(ids.slice(0, 2));
    });

    it('answers for batches far beyond SQLite parameter limits', async () => {
      const { store } = await open();
      const ids = Array.from({ length: 40_000 }, (_, i) => `item-${i}`);
      await store.commitSourceSuccess(success('big', T0, ids.filter((_, i) => i % 2 === 0).map((id) => feedItem('big', id))));

      const unseen = await store.unseenItemIds('big', ids);

      expect(unseen.size).toBe(20_000);
      expect(unseen).toEqual(new Set(ids.filter((_, i) => i % 2 === 1)));
    });
  });

  describe('commitSourceSuccess', () => {
    const open = () => engine.open();

    it('records items as seen and enqueues one entry per delivery of a new story', async () => {
      const { store, peek } = await open();
      const result = await store.commitSourceSuccess({
        ...success('lwn', T1, []),
        items: [
          { item: feedItem('lwn', 'a'), deliveries: [delivery('discord'), delivery('slack', 'kernel', ['linux', 'kernel'])] },
          { item: feedItem('lwn', 'b'), deliveries: [] },
          { item: feedItem('lwn', 'c'), deliveries: [delivery('discord', 'go', ['go'])] },
        ],
      });

      expect(result).toEqual({ newItems: 3, enqueued: 3 });
      expect(await store.unseenItemIds('lwn', ['a', 'b', 'c'])).toEqual(new Set());
      expect(await outboxRows(peek)).toEqual([
        { destination: 'discord', story_key: 'https://news.example/a', watch: 'rust', status: 'pending' },
        { destination: 'slack', story_key: 'https://news.example/a', watch: 'kernel', status: 'pending' },
        { destination: 'discord', story_key: 'https://news.example/c', watch: 'go', status: 'pending' },
      ]);
      expect(await store.pendingCount()).toBe(3);
    });

    it('the same link in two feeds is one story: each destination gets it once', async () => {
      const { store, peek } = await open();
      const shared = 'https://news.example/shared';
      const first = await store.commitSourceSuccess(
        success('lwn', T0, [feedItem('lwn', 'lwn-1', { storyKey: shared })], [delivery('discord')]),
      );
      const second = await store.commitSourceSuccess(
        success('ars', T1, [feedItem('ars', 'ars-9', { storyKey: shared })], [delivery('discord'), delivery('slack')]),
      );

      expect(first).toEqual({ newItems: 1, enqueued: 1 });
      // Discord already has it; Slack (which the first sighting did not go to) gets it now.
      expect(second).toEqual({ newItems: 1, enqueued: 1 });
      expect(await outboxRows(peek)).toEqual([
        { destination: 'discord', story_key: shared, watch: 'rust', status: 'pending' },
        { destination: 'slack', story_key: shared, watch: 'rust', status: 'pending' },
      ]);
    });

    it('the same story twice in one batch is enqueued once', async () => {
      const { store } = await open();
      const shared = 'https://news.example/shared';
      const result = await store.commitSourceSuccess(
        success(
          'lwn',
          T0,
          [feedItem('lwn', 'x', { storyKey: shared }), feedItem('lwn', 'y', { storyKey: shared })],
          [delivery('discord')],
        ),
      );

      expect(result).toEqual({ newItems: 2, enqueued: 1 });
    });

    it('one post per destination and story: a second watch to the same destination is not enqueued', async () => {
      const { store, peek } = await open();
      const result = await store.commitSourceSuccess(
        success('lwn', T0, [feedItem('lwn', 'a')], [delivery('discord', 'rust'), delivery('discord', 'go'), delivery('slack', 'go')]),
      );

      expect(result).toEqual({ newItems: 1, enqueued: 2 });
      expect(await outboxRows(peek)).toEqual([
        { destination: 'discord', story_key: 'https://news.example/a', watch: 'rust', status: 'pending' },
        { destination: 'slack', story_key: 'https://news.example/a', watch: 'go', status: 'pending' },
      ]);
    });

    it('an item already recorded (passed twice, or in a later batch) counts and enqueues nothing', async () => {
      const { store } = await open();
      const a = feedItem('lwn', 'a');
      const first = await store.commitSourceSuccess(success('lwn', T0, [a, a], [delivery('discord')]));
      const again = await store.commitSourceSuccess(success('lwn', T1, [a], [delivery('discord')]));

      expect(first).toEqual({ newItems: 1, enqueued: 1 });
      expect(again).toEqual({ newItems: 0, enqueued: 0 });
      expect(await store.getSource('lwn')).toMatchObject({ itemsSeen: 1, lastNewItemAt: T0 });
    });

    it('a sighting that enqueued nothing (a first read, no match) does not stop a later one', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')]));
      const later = await store.commitSourceSuccess(
        success('ars', T1, [feedItem('ars', 'z', { storyKey: 'https://news.example/a' })], [delivery('discord')]),
      );

      expect(later).toEqual({ newItems: 1, enqueued: 1 });
      expect(await store.pendingCount()).toBe(1);
    });

    it('is all or nothing: a failure in the middle leaves no item, story, entry or source change', async () => {
      const { store } = await open();
      await store.recordFailure('lwn', 'https://lwn.example/feed.xml', { kind: 'timeout', message: 't', at: T0 });
      const unserialisable = { ...feedItem('lwn', 'b'), extra: 10n } as unknown as ReturnType<typeof feedItem>;

      await expect(
        store.commitSourceSuccess({
          ...success('lwn', T2, []),
          items: [
            { item: feedItem('lwn', 'a'), deliveries: [delivery('discord')] },
            { item: unserialisable, deliveries: [delivery('discord')] },
          ],
        }),
      ).rejects.toMatchObject({ name: 'StoreError', kind: engine.name, operation: 'commitSourceSuccess' });

      expect(await store.unseenItemIds('lwn', ['a', 'b'])).toEqual(new Set(['a', 'b']));
      expect(await store.pendingCount()).toBe(0);
      expect(await store.getSource('lwn')).toMatchObject({ seeded: false, consecutiveFailures: 1, itemsSeen: 0 });
      // The entry of `a` was rolled back too: a later read enqueues it.
      expect(await store.commitSourceSuccess(success('lwn', T2, [feedItem('lwn', 'a')], [delivery('discord')]))).toEqual({
        newItems: 1,
        enqueued: 1,
      });
    });

    it('keeps the outbox payload intact: item, terms and colour', async () => {
      const { store } = await open();
      const item = feedItem('lwn', 'a', {
        title: 'Rust 2.0 — "finally"',
        summary: 'Ünïcödé & <b>not html</b>',
        categories: ['lang', 'rust'],
        published: '2025-02-28T08:00:00.000Z',
        publishedFromFeed: true,
      });
      await store.commitSourceSuccess({
        ...success('lwn', T1, []),
        items: [{ item, deliveries: [{ destination: 'discord', watch: 'rust', terms: ['rust', '2.0'], color: 0xdea584 }] }],
      });

      const [entry, ...rest] = await store.dueDeliveries('discord', T1, 10);
      expect(rest).toEqual([]);
      expect(entry).toEqual({
        id: 1,
        destination: 'discord',
        watch: 'rust',
        terms: ['rust', '2.0'],
        color: 0xdea584,
        item,
        attempts: 0,
        enqueuedAt: T1,
        nextAttemptAt: T1,
      });
    });

    it('an item without link round-trips without one', async () => {
      const { store } = await open();
      const { link: _link, ...withoutLink } = feedItem('lwn', 'a', { storyKey: 'lwn\u0000a' });
      await store.commitSourceSuccess({ ...success('lwn', T0, []), items: [{ item: withoutLink, deliveries: [delivery('discord')] }] });

      const [entry] = await store.dueDeliveries('discord', T0, 10);
      expect(entry?.item).toEqual(withoutLink);
      expect(entry !== undefined && 'link' in entry.item).toBe(false);
    });
  });
}
