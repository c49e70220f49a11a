import { describe, expect, it } from 'vitest';
import type { PlannedDelivery } from '../../../src/store/store.js';
import { feedItem, success, T0, T1, T2, T3 } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

const digestTo = (destination: string, watch = 'rust'): PlannedDelivery => ({ destination, watch, terms: ['rust'], digest: true });
const ids = (entries: readonly { readonly item: { readonly id: string } }[]) => entries.map((entry) => entry.item.id);

export function digestsContract(engine: ContractEngine): void {
  describe('digests', () => {
    const open = () => engine.open();

    it('collects a digest delivery instead of enqueuing it; the others of the same item are enqueued', async () => {
      const { store } = await open();
      const result = await store.commitSourceSuccess({
        ...success('lwn', T0, []),
        items: [{ item: feedItem('lwn', 'a'), deliveries: [digestTo('discord'), { destination: 'slack', watch: 'rust', terms: ['rust'] }] }],
      });

      expect(result).toEqual({ newItems: 1, enqueued: 1 });
      expect(await store.pendingCount('discord')).toBe(0);
      expect(await store.pendingCount('slack')).toBe(1);
      const entries = await store.listDigestEntries('rust', 'discord');
      expect(entries.map(({ watch, destination, source, terms, state, collectedAt }) => ({ watch, destination, source, terms, state, collectedAt }))).toEqual([
        { watch: 'rust', destination: 'discord', source: 'lwn', terms: ['rust'], state: 'waiting', collectedAt: T0 },
      ]);
      expect(entries[0]?.item).toEqual(feedItem('lwn', 'a'));
      expect(entries[0]?.period).toBeUndefined();
    });

    it('a digest claims the items collected at or before its period, newest first; later ones wait for the next', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a', { published: '2025-03-01T09:00:00.000Z' }), feedItem('lwn', 'b', { published: '2025-03-01T09:30:00.000Z' })], [digestTo('discord')]));
      await store.commitSourceSuccess(success('ars', T1, [feedItem('ars', 'c', { published: '2025-03-01T08:00:00.000Z' })], [digestTo('discord')]));
      await store.commitSourceSuccess(success('lwn', T3, [feedItem('lwn', 'd')], [digestTo('discord')]));

      const claimed = await store.claimDigest('rust', 'discord', T2);

      expect(ids(claimed)).toEqual(['b', 'a', 'c']);
      expect(claimed.map((entry) => [entry.state, entry.period])).toEqual([['claimed', T2], ['claimed', T2], ['claimed', T2]]);
      expect(await store.lastDigestPeriod('rust', 'discord')).toBe(T2);
      expect(await store.lastDigestPeriod('rust', 'slack')).toBeUndefined();
      expect(ids(await store.listDigestEntries('rust', 'discord'))).toEqual(['b', 'a', 'c', 'd']);
    });

    it('claims a period once: a claim again returns what is still unsent, and claims nothing new', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')], [digestTo('discord')]));
      const first = await store.claimDigest('rust', 'discord', T1);
      await store.finishDigestEntries([first[0]?.id ?? -1], { at: T1, state: 'sent' });
      // Collected before T1 but after the claim (a late commit) must not join the digest of T1 again.
      await store.commitSourceSuccess(success('ars', T0, [feedItem('ars', 'c')], [digestTo('discord')]));

      const again = await store.claimDigest('rust', 'discord', T1);
      expect(ids(again)).toEqual([first[1]?.item.id]);
      expect(ids(await store.claimDigest('rust', 'discord', T0))).toEqual([first[1]?.item.id]);
      expect(await store.lastDigestPeriod('rust', 'discord')).toBe(T1);

      await store.finishDigestEntries([first[1]?.id ?? -1], { at: T1, state: 'failed', error: 'refused' });
      const late = await store.claimDigest('rust', 'discord', T2);
      expect(ids(late)).toEqual(['c']);
      await store.finishDigestEntries(late.map((entry) => entry.id), { at: T2, state: 'sent' });
      expect(await store.claimDigest('rust', 'discord', T3)).toEqual([]);
      expect(await store.lastDigestPeriod('rust', 'discord')).toBe(T3);
    });

    it('an empty digest records its period; pairs are independent', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')], [digestTo('discord', 'go')]));

      expect(await store.claimDigest('rust', 'discord', T1)).toEqual([]);
      expect(await store.lastDigestPeriod('rust', 'discord')).toBe(T1);
      expect(ids(await store.listDigestEntries('go', 'discord'))).toEqual(['a']);
      expect(ids(await store.claimDigest('go', 'discord', T1))).toEqual(['a']);
    });

    it('finishing only changes claimed items', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')], [digestTo('discord')]));
      await store.commitSourceSuccess(success('lwn', T2, [feedItem('lwn', 'b')], [digestTo('discord')]));
      const [a] = await store.claimDigest('rust', 'discord', T1);
      const b = (await store.listDigestEntries('rust', 'discord')).find((entry) => entry.item.id === 'b');

      await store.finishDigestEntries([a?.id ?? -1, b?.id ?? -1], { at: T2, state: 'sent' });

      expect((await store.listDigestEntries('rust', 'discord')).map((entry) => [entry.item.id, entry.state])).toEqual([['b', 'waiting']]);
    });

    it('pruning keeps waiting and claimed items, and forgets those sent before `before`', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')], [digestTo('discord')]));
      const claimed = await store.claimDigest('rust', 'discord', T0);
      await store.finishDigestEntries([claimed[0]?.id ?? -1], { at: T1, state: 'sent' });
      await store.commitSourceSuccess(success('lwn', T1, [feedItem('lwn', 'c')], [digestTo('discord')]));

      expect((await store.prune(T3)).deliveries).toBe(1);
      expect((await store.listDigestEntries('rust', 'discord')).map((entry) => [entry.item.id, entry.state])).toEqual([
        [claimed[1]?.item.id, 'claimed'],
        ['c', 'waiting'],
      ]);
    });

    it('refuses a period that is not an ISO time', async () => {
      const { store } = await open();
      await expect(store.claimDigest('rust', 'discord', 'tomorrow')).rejects.toThrow(/period is not an ISO 8601 time/);
    });
  });
}
