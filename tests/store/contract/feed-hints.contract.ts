import { describe, expect, it } from 'vitest';
import { T0, T1, feedItem, success } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

const URL = 'https://lwn.example/feed.xml';

export function feedHintsContract(engine: ContractEngine): void {
  describe('feed hints', () => {
    const open = () => engine.open();

    it('a source records no hint until told one', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({ ...success('lwn', T0, [feedItem('lwn', 'a')]), url: URL });
      expect((await store.getSource('lwn'))?.feedHints).toBeUndefined();
    });

    it('recordFeedHints on an unknown source records nothing', async () => {
      const { store } = await open();
      await store.recordFeedHints('lwn', { ttlMs: 3_600_000 });
      expect(await store.getSource('lwn')).toBeUndefined();
      expect(await store.listSources()).toEqual([]);
    });

    it('recordFeedHints sets the hints getSource and listSources return, leaving the rest of the record as it was', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({ ...success('lwn', T0, [feedItem('lwn', 'a')]), url: URL, validators: { etag: '"v1"', bodyHash: 'aa11' } });
      const before = await store.getSource('lwn');
      await store.recordFeedHints('lwn', { ttlMs: 3_600_000, updatePeriodMs: 86_400_000, maxAgeMs: 300_000 });
      expect(await store.getSource('lwn')).toEqual({ ...before, feedHints: { ttlMs: 3_600_000, updatePeriodMs: 86_400_000, maxAgeMs: 300_000 } });
      expect((await store.listSources()).map((record) => record.feedHints)).toEqual([{ ttlMs: 3_600_000, updatePeriodMs: 86_400_000, maxAgeMs: 300_000 }]);
    });

    it('a later recordFeedHints replaces the hints; empty hints clear them', async () => {
      const { store } = await open();
      await store.recordUnchanged('lwn', URL, T0, { etag: '"v1"' });
      await store.recordFeedHints('lwn', { ttlMs: 3_600_000, maxAgeMs: 300_000 });
      await store.recordFeedHints('lwn', { maxAgeMs: 0 });
      expect((await store.getSource('lwn'))?.feedHints).toEqual({ maxAgeMs: 0 });
      await store.recordFeedHints('lwn', {});
      expect((await store.getSource('lwn'))?.feedHints).toBeUndefined();
    });

    it('the hints stay through later reads and failures of the source', async () => {
      const { store } = await open();
      await store.commitSourceSuccess({ ...success('lwn', T0, [feedItem('lwn', 'a')]), url: URL });
      await store.recordFeedHints('lwn', { updatePeriodMs: 86_400_000 });
      await store.recordUnchanged('lwn', URL, T1, {});
      await store.recordFailure('lwn', URL, { kind: 'timeout', message: 'timed out after 30 s', at: T1 });
      expect((await store.getSource('lwn'))?.feedHints).toEqual({ updatePeriodMs: 86_400_000 });
    });
  });
}
