import { describe, expect, it } from 'vitest';
import type { PlannedDelivery } from '../../../src/store/store.js';
import { feedItem, success, T0, T1, T2, T3 } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

const digestTo = (destination: string, watch = 'rust'): PlannedDelivery => ({ destination, watch, terms: ['rust'], digest: true });

/** Digest leftovers (issue 15, digestfix): replay's view of collected items; orphaned items given up. */
export function digestLeftoversContract(engine: ContractEngine): void {
  describe('digest leftovers', () => {
    const open = () => engine.open();

    it('lists items collected since a time in every state, oldest first, as posted items', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')], [digestTo('discord')]));
      await store.commitSourceSuccess(success('ars', T1, [feedItem('ars', 'c')], [digestTo('discord')]));
      await store.commitSourceSuccess(success('ars', T3, [feedItem('ars', 'd')], [digestTo('slack', 'go')]));
      const claimed = await store.claimDigest('rust', 'discord', T2);
      await store.finishDigestEntries([claimed.find((entry) => entry.item.id === 'a')?.id ?? -1], { at: T2, state: 'sent' });
      await store.finishDigestEntries([claimed.find((entry) => entry.item.id === 'b')?.id ?? -1], { at: T2, state: 'failed', error: 'refused' });

      const all = await store.listCollectedItems(T0);
      expect(all.map(({ watch, destination, source, storyKey, terms, status, enqueuedAt, item }) => ({ watch, destination, source, storyKey, terms, status, enqueuedAt, id: item.id }))).toEqual([
        { watch: 'rust', destination: 'discord', source: 'lwn', storyKey: 'https://news.example/a', terms: ['rust'], status: 'delivered', enqueuedAt: T0, id: 'a' },
        { watch: 'rust', destination: 'discord', source: 'lwn', storyKey: 'https://news.example/b', terms: ['rust'], status: 'failed', enqueuedAt: T0, id: 'b' },
        { watch: 'rust', destination: 'discord', source: 'ars', storyKey: 'https://news.example/c', terms: ['rust'], status: 'pending', enqueuedAt: T1, id: 'c' },
        { watch: 'go', destination: 'slack', source: 'ars', storyKey: 'https://news.example/d', terms: ['rust'], status: 'pending', enqueuedAt: T3, id: 'd' },
      ]);
      expect(all[0]?.item).toEqual(feedItem('lwn', 'a'));
      expect((await store.listCollectedItems(T1)).map((post) => post.item.id)).toEqual(['c', 'd']);
      await expect(store.listCollectedItems('soon')).rejects.toMatchObject({ name: 'StoreError', operation: 'listCollectedItems', kind: 'invalid-input' });
    });

    it('gives up the waiting and claimed items of pairs no longer configured once collected before the cutoff', async () => {
      const { store } = await open();
      // rust -> discord stays configured; rust -> slack and go -> discord were removed.
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')], [digestTo('discord'), digestTo('slack'), digestTo('discord', 'go')]));
      await store.commitSourceSuccess(success('lwn', T2, [feedItem('lwn', 'c')], [digestTo('slack')]));
      // One of go's items was claimed by a digest that never finished; one was sent before.
      const claimed = await store.claimDigest('go', 'discord', T1);
      await store.finishDigestEntries([claimed.find((entry) => entry.item.id === 'a')?.id ?? -1], { at: T1, state: 'sent' });

      const expired = await store.expireOrphanDigests([{ watch: 'rust', destination: 'discord' }], T1, T3, 'digest removed');

      expect(expired).toEqual([
        { watch: 'go', destination: 'discord', count: 1 },
        { watch: 'rust', destination: 'slack', count: 2 },
      ]);
      // The configured pair keeps its items; the orphan collected after the cutoff (c) still waits.
      expect((await store.listDigestEntries('rust', 'discord')).map((entry) => [entry.item.id, entry.state])).toEqual([['b', 'waiting'], ['a', 'waiting']]);
      expect((await store.listDigestEntries('rust', 'slack')).map((entry) => [entry.item.id, entry.state])).toEqual([['c', 'waiting']]);
      expect(await store.listDigestEntries('go', 'discord')).toEqual([]);
      const states = (await store.listCollectedItems(T0)).map((post) => [post.watch, post.destination, post.item.id, post.status]);
      expect(states).toEqual([
        ['rust', 'discord', 'a', 'pending'],
        ['rust', 'slack', 'a', 'failed'],
        ['go', 'discord', 'a', 'delivered'],
        ['rust', 'discord', 'b', 'pending'],
        ['rust', 'slack', 'b', 'failed'],
        ['go', 'discord', 'b', 'failed'],
        ['rust', 'slack', 'c', 'pending'],
      ]);
      // Given up once: a second pass finds nothing; pruning later forgets them like sent ones.
      expect(await store.expireOrphanDigests([{ watch: 'rust', destination: 'discord' }], T1, T3, 'digest removed')).toEqual([]);
      await expect(store.expireOrphanDigests([], 'soon', T3, 'x')).rejects.toMatchObject({ name: 'StoreError', operation: 'expireOrphanDigests', kind: 'invalid-input' });
    });

    it('with no pair kept, every old unsent item is given up', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')], [digestTo('discord')]));
      expect(await store.expireOrphanDigests([], T1, T2, 'digest removed')).toEqual([{ watch: 'rust', destination: 'discord', count: 1 }]);
      expect(await store.listDigestEntries('rust', 'discord')).toEqual([]);
    });
  });
}
