import { describe, expect, it } from 'vitest';
import { delivery, feedItem, success, T0, T1, T2 } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

/** Writes in flight together, expiry, the sync point, writability and a closed store. */
export function writesContract(engine: ContractEngine): void {
  const open = () => engine.open();

  describe('writes in flight together', () => {
    it('concurrent writes all commit, and each result is its own', async () => {
      const { store } = await open();
      const results = await Promise.all([
        store.commitSourceSuccess(success('a', T0, [feedItem('a', '1'), feedItem('a', '2')], [delivery('discord')])),
        store.recordUnchanged('b', 'https://b.example/feed.xml', T0, { etag: '"b"' }),
        store.commitSourceSuccess(success('c', T0, [feedItem('c', '3')])),
      ]);

      expect(results).toEqual([{ newItems: 2, enqueued: 2 }, undefined, { newItems: 1, enqueued: 0 }]);
      expect((await store.listSources()).map((source) => [source.name, source.lastSuccessAt])).toEqual([
        ['a', T0],
        ['b', T0],
        ['c', T0],
      ]);
      expect(await store.pendingCount()).toBe(2);
    });

    it('a write that fails rejects alone, its operation named; the others are committed', async () => {
      const { store } = await open();
      const settled = await Promise.allSettled([
        store.recordUnchanged('a', 'https://a.example/feed.xml', T0, {}),
        store.markDelivered(42, T1),
        store.commitSourceSuccess(success('c', T0, [feedItem('c', '3')], [delivery('slack')])),
      ]);

      expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(settled[1]).toMatchObject({
        reason: { name: 'StoreError', engine: engine.name, operation: 'markDelivered', kind: 'invalid-input', message: 'markDelivered: no outbox entry has id 42' },
      });
      expect((await store.listSources()).map((source) => source.name)).toEqual(['a', 'c']);
      expect(await store.pendingCount('slack')).toBe(1);
    });

    it('two stores on one state: a story is enqueued once for a destination, and a health change notified once', async () => {
      const first = await open();
      // The same state through two handles is what two processes see; for SQLite, the same file.
      const stories = await Promise.all(
        ['a', 'b', 'c', 'd'].map((source) => first.store.commitSourceSuccess(success(source, T0, [feedItem(source, 'x', { storyKey: 'https://news.example/same' })], [delivery('discord')]))),
      );
      expect(stories.map((result) => result.enqueued).reduce((sum, n) => sum + n, 0)).toBe(1);
      const transitions = await Promise.all(
        [1, 2, 3].map((n) =>
          first.store.transitionSourceHealth({
            source: 'a',
            url: 'https://a.example/feed.xml',
            from: 'ok',
            to: 'failing',
            at: T1,
            notice: feedItem('a', `notice-${n}`, { storyKey: `veille:health:a:failing:${n}` }),
            deliveries: [delivery('discord')],
          }),
        ),
      );
      expect(transitions.filter(Boolean)).toHaveLength(1);
      expect(await first.store.pendingCount('discord')).toBe(2);
    });
  });

  describe('expirePending', () => {
    it('marks pending entries enqueued before the time failed, with the reason, and counts them per destination', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('a', T0, [feedItem('a', '1'), feedItem('a', '2')], [delivery('discord'), delivery('slack')]));
      await store.commitSourceSuccess(success('b', T2, [feedItem('b', '3')], [delivery('discord')]));
      const [first] = await store.dueDeliveries('slack', T0, 10);
      await store.markDelivered(first?.id ?? -1, T1);

      const expired = await store.expirePending(T1, T2, 'destination removed');

      expect(Object.fromEntries(expired)).toEqual({ discord: 2, slack: 1 });
      expect(await store.pendingCount('discord')).toBe(1);
      expect(await store.pendingCount('slack')).toBe(0);
      expect((await store.dueDeliveries('discord', T2, 10)).map((entry) => entry.item.id)).toEqual(['3']);
      expect(Object.fromEntries(await store.expirePending(T1, T2, 'again'))).toEqual({});
    });
  });

  describe('sync point, writability, close', () => {
    it('syncPoint resolves, and refuses a time without an offset', async () => {
      const { store } = await open();
      await store.recordUnchanged('a', 'https://a.example/feed.xml', T0, {});
      await expect(store.syncPoint(T1)).resolves.toBeUndefined();
      await expect(store.syncPoint('2025-03-01T10:00:00')).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid-input', operation: 'syncPoint' });
      expect((await store.getSource('a'))?.lastSuccessAt).toBe(T0);
    });

    it('checkWritable resolves on a writable store', async () => {
      const { store } = await open();
      await expect(store.checkWritable()).resolves.toBeUndefined();
    });

    it('close() is idempotent and later calls fail with a closed StoreError naming the engine', async () => {
      const { store, path } = await open();
      await store.close();
      await store.close();
      await expect(store.listSources()).rejects.toMatchObject({
        name: 'StoreError',
        engine: engine.name,
        kind: 'closed',
        operation: 'listSources',
        path,
        message: `cannot listSources: the store on ${path} is closed`,
      });
    });
  });
}
