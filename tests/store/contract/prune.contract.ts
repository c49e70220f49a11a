import { describe, expect, it } from 'vitest';
import { delivery, feedItem, success } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

const DAY1 = '2025-01-01T00:00:00.000Z';
const DAY2 = '2025-01-02T00:00:00.000Z';
const DAY3 = '2025-01-03T00:00:00.000Z';
const DAY10 = '2025-01-10T00:00:00.000Z';
const DAY40 = '2025-02-09T00:00:00.000Z';

export function pruneContract(engine: ContractEngine): void {
  describe('prune', () => {
    const open = () => engine.open();

    it('keeps items their feed still lists, however old, and forgets those absent since before `before`', async () => {
      const { store, peek } = await open();
      const ids = (...names: string[]) => names;
      // Day 1: the feed lists a, b, c. Day 2: c dropped out. Day 10: b dropped out, a still listed.
      await store.commitSourceSuccess(success('lwn', DAY1, ['a', 'b', 'c'].map((id) => feedItem('lwn', id)), [], { presentItemIds: ids('a', 'b', 'c') }));
      await store.commitSourceSuccess(success('lwn', DAY2, [], [], { presentItemIds: ids('a', 'b') }));
      await store.commitSourceSuccess(success('lwn', DAY10, [], [], { presentItemIds: ids('a') }));

      expect(await store.prune(DAY3)).toEqual({ items: 1, deliveries: 0 });
      expect(await store.unseenItemIds('lwn', ['a', 'b', 'c'])).toEqual(new Set(['c']));

      await store.commitSourceSuccess(success('lwn', DAY40, [], [], { presentItemIds: ids('a') }));
      expect(await store.prune(DAY40)).toEqual({ items: 1, deliveries: 0 });
      expect(await store.unseenItemIds('lwn', ['a', 'b', 'c'])).toEqual(new Set(['b', 'c']));
      // `a` is still listed: it stays seen.
      expect(await peek.seenItemIds('lwn')).toEqual(['a']);
    });

    it('an old item still listed is not re-posted after the retention period', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('blog', DAY1, [feedItem('blog', 'old')], [], { presentItemIds: ['old'] }));
      await store.commitSourceSuccess(
        success('blog', DAY10, [feedItem('blog', 'new')], [delivery('discord')], { presentItemIds: ['old', 'new'] }),
      );
      await store.commitSourceSuccess(success('blog', DAY40, [], [], { presentItemIds: ['old', 'new'] }));

      expect(await store.prune(DAY40)).toEqual({ items: 0, deliveries: 0 });
      const unseen = await store.unseenItemIds('blog', ['old', 'new']);

      expect(unseen).toEqual(new Set());
    });

    it('an item that reappears in its feed is no longer absent', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', DAY1, [feedItem('lwn', 'a'), feedItem('lwn', 'b')], [], { presentItemIds: ['a', 'b'] }));
      await store.commitSourceSuccess(success('lwn', DAY2, [], [], { presentItemIds: ['a'] }));
      await store.commitSourceSuccess(success('lwn', DAY3, [], [], { presentItemIds: ['a', 'b'] }));
      await store.commitSourceSuccess(success('lwn', DAY40, [], [], { presentItemIds: ['a', 'b'] }));

      expect(await store.prune(DAY40)).toEqual({ items: 0, deliveries: 0 });
      expect(await store.unseenItemIds('lwn', ['a', 'b'])).toEqual(new Set());
    });

    it('marks nothing absent when a read does not say which items it listed', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', DAY1, [feedItem('lwn', 'a')]));
      await store.commitSourceSuccess(success('lwn', DAY10, [feedItem('lwn', 'b')]));

      expect(await store.prune(DAY10)).toEqual({ items: 0, deliveries: 0 });
      expect(await store.unseenItemIds('lwn', ['a', 'b'])).toEqual(new Set());
    });

    it('forgets every item of a source not read successfully since `before`, and unseeds it', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({
        ...success('gone', DAY1, [feedItem('gone', 'a'), feedItem('gone', 'b')], [], { presentItemIds: ['a', 'b'] }),
        validators: { etag: '"v1"', bodyHash: 'aa' },
      });
      await store.recordFailure('gone', 'https://gone.example/feed.xml', { kind: 'connect', message: 'refused', at: DAY10 });
      await store.commitSourceSuccess(success('alive', DAY10, [feedItem('alive', 'z')], [], { presentItemIds: ['z'] }));

      expect(await store.prune(DAY3)).toEqual({ items: 2, deliveries: 0 });
      expect(await store.unseenItemIds('gone', ['a', 'b'])).toEqual(new Set(['a', 'b']));
      expect(await store.unseenItemIds('alive', ['z'])).toEqual(new Set());
      // Its next read seeds it again (posting nothing) with a full, unconditional fetch.
      expect(await store.getSource('gone')).toMatchObject({ seeded: false, validators: {}, consecutiveFailures: 1, itemsSeen: 2 });
      expect(await store.getSource('alive')).toMatchObject({ seeded: true });
    });

    it('a read planned on the seeded record of a source that prune unseeded meanwhile posts nothing and leaves the source to a first read', async () => {
      const { store, peek } = await open();
      await store.commitSourceSuccess(success('back', DAY1, [feedItem('back', 'a'), feedItem('back', 'b')], [], { presentItemIds: ['a', 'b'] }));
      await store.recordFailure('back', 'https://back.example/feed.xml', { kind: 'connect', message: 'refused', at: DAY10 });
      // Another replica's prune forgets the source's items after this read compared against them.
      expect(await store.prune(DAY3)).toEqual({ items: 2, deliveries: 0 });
      const items = [feedItem('back', 'a'), feedItem('back', 'b'), feedItem('back', 'c')];
      expect(await store.commitSourceSuccess({ ...success('back', DAY40, items, [delivery('discord'), { ...delivery('slack'), digest: true }], { presentItemIds: ['a', 'b', 'c'], plannedAsSeeded: true }), validators: { etag: '"v1"' } })).toEqual({
        newItems: 3,
        enqueued: 0,
        reseeded: true,
      });
      expect(await peek.outboxRows()).toEqual([]);
      expect(await store.listDigestEntries('rust', 'slack')).toEqual([]);
      expect(await store.unseenItemIds('back', ['a', 'b', 'c'])).toEqual(new Set());
      // Still unseeded, without validators: the next read is a full first read.
      expect(await store.getSource('back')).toMatchObject({ seeded: false, validators: {} });
      expect(await store.commitSourceSuccess({ ...success('back', DAY40, [], [], { presentItemIds: ['a', 'b', 'c'] }), validators: { etag: '"v2"' } })).toEqual({ newItems: 0, enqueued: 0 });
      expect(await store.getSource('back')).toMatchObject({ seeded: true, validators: { etag: '"v2"' } });
      expect(await store.commitSourceSuccess(success('back', DAY40, [feedItem('back', 'd')], [delivery('discord')], { presentItemIds: ['a', 'b', 'c', 'd'], plannedAsSeeded: true }))).toEqual({ newItems: 1, enqueued: 1 });
    });

    it('a story sent to a destination is not sent there again while its outbox entry is kept', async () => {
      const { store } = await open();
      const shared = 'https://news.example/shared';
      await store.commitSourceSuccess(success('lwn', DAY1, [feedItem('lwn', 'l', { storyKey: shared })], [delivery('discord')], { presentItemIds: ['l'] }));
      const [entry] = await store.dueDeliveries('discord', DAY1, 10);
      await store.markDelivered(entry?.id ?? -1, DAY2);
      expect(await store.prune(DAY1)).toEqual({ items: 0, deliveries: 0 });
      // Another source showing the same link later enqueues nothing for that destination.
      expect(
        await store.commitSourceSuccess(success('hn', DAY10, [feedItem('hn', 'h', { storyKey: shared })], [delivery('discord')], { presentItemIds: ['h'] })),
      ).toEqual({ newItems: 1, enqueued: 0 });
    });

    it('deletes delivered and failed entries finished before `before`, never pending ones', async () => {
      const { store, peek } = await open();
      await store.commitSourceSuccess(
        success(
          'lwn',
          DAY1,
          ['delivered-early', 'failed-early', 'delivered-late', 'pending', 'retrying'].map((id) => feedItem('lwn', id)),
          [delivery('discord')],
        ),
      );
      const idOf = new Map((await store.dueDeliveries('discord', DAY1, 10)).map((entry) => [entry.item.id, entry.id]));
      const id = (name: string): number => idOf.get(name) ?? -1;
      await store.markDelivered(id('delivered-early'), DAY2);
      await store.markFailed(id('failed-early'), { at: DAY2, error: 'HTTP 400' });
      await store.markDelivered(id('delivered-late'), DAY10);
      await store.markRetry(id('retrying'), { at: DAY2, nextAttemptAt: DAY40, error: 'HTTP 503', failedAttempts: 1 });
      await store.commitSourceSuccess(success('lwn', DAY10, [])); // read recently: its items are kept

      expect(await store.prune(DAY3)).toEqual({ items: 0, deliveries: 2 });
      expect(await store.pendingCount()).toBe(2);
      expect((await peek.outboxRows()).map((row) => row.item_id)).toEqual(['delivered-late', 'pending', 'retrying']);

      // Pending entries survive any `before`, even once their source and items are forgotten.
      expect(await store.prune('2030-01-01T00:00:00.000Z')).toEqual({ items: 5, deliveries: 1 });
      expect(await store.pendingCount()).toBe(2);
    });

    it('keeps the state bounded in a steady state: row counts stay constant', async () => {
      const { store, peek } = await open();
      // Every day the feed lists 200 new items (each posted), and the retention is two days.
      const day = async (n: number): Promise<{ items: number; deliveries: number }> => {
        const at = new Date(Date.UTC(2025, 0, n)).toISOString();
        const ids = Array.from({ length: 200 }, (_, i) => `day${n}-${i}`);
        await store.commitSourceSuccess(
          success('lwn', at, ids.map((id) => feedItem('lwn', id, { summary: 'x'.repeat(500) })), [delivery('discord')], {
            presentItemIds: ids,
          }),
        );
        for (const entry of await store.dueDeliveries('discord', at, 1000)) await store.markDelivered(entry.id, at);
        return store.prune(new Date(Date.UTC(2025, 0, n - 2)).toISOString());
      };
      for (let n = 1; n <= 10; n += 1) await day(n);
      for (let n = 11; n <= 20; n += 1) expect(await day(n)).toEqual({ items: 200, deliveries: 200 });

      expect(await peek.rowCounts()).toEqual({ seen: 800, outbox: 600, pending: 0 });
    });
  });
}
