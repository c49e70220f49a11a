import { describe, expect, it } from 'vitest';
import { T0, T1, T2, T3, feedItem, success } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

/** One tick at T0, the next at T2; a lease of one hour from each. */
const TICK = T0;
const NEXT_TICK = T2;

export function replicaClaimsContract(engine: ContractEngine): void {
  describe('replica claims', () => {
    const open = () => engine.open();

    it('claimSources grants free sources to the first replica and none of them to another at the same tick', async () => {
      const { store } = await open();
      expect(await store.claimSources('a', ['lwn', 'hn'], TICK, T0, T1)).toEqual(['lwn', 'hn']);
      expect(await store.claimSources('b', ['hn', 'rust', 'lwn'], TICK, T0, T1)).toEqual(['rust']);
    });

    it('a source released at a tick is not granted to another replica at that same tick, but is at the next one', async () => {
      const { store } = await open();
      await store.claimSources('a', ['lwn'], TICK, T0, T1);
      await store.releaseSources('a', ['lwn'], T0);
      expect(await store.claimSources('b', ['lwn'], TICK, T0, T1)).toEqual([]);
      expect(await store.claimSources('b', ['lwn'], NEXT_TICK, T2, T3)).toEqual(['lwn']);
    });

    it('a claim held past a later tick is not granted until it expires (the replica may still be reading)', async () => {
      const { store } = await open();
      await store.claimSources('a', ['lwn'], TICK, T0, T3);
      expect(await store.claimSources('b', ['lwn'], NEXT_TICK, T2, T3)).toEqual([]);
      expect(await store.claimSources('b', ['lwn'], T3, T3, '2025-03-01T14:00:00.000Z')).toEqual(['lwn']);
    });

    it('an expired claim of a dead replica is taken over at a later tick', async () => {
      const { store } = await open();
      await store.claimSources('dead', ['lwn', 'hn'], TICK, T0, T1);
      expect(await store.claimSources('b', ['lwn', 'hn'], NEXT_TICK, T2, T3)).toEqual(['lwn', 'hn']);
    });

    it('the holder renews its own claim, at the same tick or a later one; a claim of an earlier tick is not granted at a later one by a replica behind it', async () => {
      const { store } = await open();
      await store.claimSources('a', ['lwn'], TICK, T0, T1);
      expect(await store.claimSources('a', ['lwn'], TICK, T1, T2)).toEqual(['lwn']);
      // Renewed until T2: still held at T1 for another replica's next tick.
      expect(await store.claimSources('b', ['lwn'], T1, T1, T2)).toEqual([]);
      await store.releaseSources('a', ['lwn'], T1);
      expect(await store.claimSources('b', ['lwn'], T1, T1, T2)).toEqual(['lwn']);
      await store.releaseSources('b', ['lwn'], T1);
      // A replica whose tick is behind the last claim's does not read the source again.
      expect(await store.claimSources('a', ['lwn'], TICK, T2, T3)).toEqual([]);
    });

    it('releaseSources by another replica does not end a claim', async () => {
      const { store } = await open();
      await store.claimSources('a', ['lwn'], TICK, T0, T3);
      await store.releaseSources('b', ['lwn'], T0);
      expect(await store.claimSources('b', ['lwn'], NEXT_TICK, T2, T3)).toEqual([]);
    });

    it('claimSources of no names, and of a name given twice, grants each name once', async () => {
      const { store } = await open();
      expect(await store.claimSources('a', [], TICK, T0, T1)).toEqual([]);
      expect(await store.claimSources('a', ['lwn', 'lwn'], TICK, T0, T1)).toEqual(['lwn']);
    });

    it('a source record says which replica claimed it last (lastReadBy)', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')]));
      expect((await store.getSource('lwn'))?.lastReadBy).toBeUndefined();
      await store.claimSources('replica-1', ['lwn'], TICK, T0, T1);
      await store.releaseSources('replica-1', ['lwn'], T0);
      expect((await store.getSource('lwn'))?.lastReadBy).toBe('replica-1');
      await store.claimSources('replica-2', ['lwn'], NEXT_TICK, T2, T3);
      expect((await store.listSources()).map((record) => [record.name, record.lastReadBy])).toEqual([['lwn', 'replica-2']]);
    });

    it('sourceClaimsHeld counts the claims of a tick neither released nor expired', async () => {
      const { store } = await open();
      await store.claimSources('a', ['lwn', 'hn'], TICK, T0, T2);
      await store.claimSources('b', ['rust'], TICK, T0, T1);
      await store.claimSources('c', ['go'], NEXT_TICK, T0, T3);
      expect(await store.sourceClaimsHeld(TICK, T0)).toBe(3);
      await store.releaseSources('a', ['hn'], T0);
      expect(await store.sourceClaimsHeld(TICK, T0)).toBe(2);
      // rust's claim expires at T1.
      expect(await store.sourceClaimsHeld(TICK, T1)).toBe(1);
      expect(await store.sourceClaimsHeld(NEXT_TICK, T1)).toBe(1);
      expect(await store.sourceClaimsHeld(T3, T0)).toBe(0);
    });

    it('claimDestination: one holder at a time; the holder renews; released or expired, another takes it', async () => {
      const { store } = await open();
      expect(await store.claimDestination('a', 'discord', T0, T1)).toBe(true);
      expect(await store.claimDestination('b', 'discord', T0, T1)).toBe(false);
      expect(await store.claimDestination('b', 'slack', T0, T1)).toBe(true);
      expect(await store.claimDestination('a', 'discord', T0, T2)).toBe(true);
      expect(await store.claimDestination('b', 'discord', T1, T2)).toBe(false);
      await store.releaseDestination('b', 'discord', T1);
      expect(await store.claimDestination('b', 'discord', T1, T2)).toBe(false);
      await store.releaseDestination('a', 'discord', T1);
      expect(await store.claimDestination('b', 'discord', T1, T2)).toBe(true);
      // b's claim ran out at T2: a dead holder's destination is taken over.
      expect(await store.claimDestination('a', 'discord', T2, T3)).toBe(true);
    });

    it('claims refuse a time without an offset', async () => {
      const { store } = await open();
      await expect(store.claimSources('a', ['lwn'], '2025-03-01 10:00', T0, T1)).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid-input' });
      await expect(store.claimDestination('a', 'discord', T0, 'tomorrow')).rejects.toMatchObject({ name: 'StoreError', kind: 'invalid-input' });
    });
  });
}
