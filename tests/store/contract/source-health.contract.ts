import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../../src/parse/feed-item.js';
import type { ContractEngine } from './contract-engine.js';

const AT = '2026-11-23T12:00:00.000Z';
function notice(to: string): FeedItem {
  return { id: `health:${to}`, storyKey: `veille:health:A:${to}:${AT}`, source: 'A', title: `A is ${to}`, link: 'https://a.example/feed', summary: '', categories: [], published: AT, publishedFromFeed: true };
}

export function sourceHealthContract(engine: ContractEngine): void {
  describe('transitionSourceHealth', () => {
    it('changes health once per transition and enqueues the notice with it', async () => {
      const { store } = await engine.open();
      const deliveries = [
        { destination: 'discord', watch: 'veille', terms: [] },
        { destination: 'slack', watch: 'veille', terms: [] },
      ];
      const base = { source: 'A', url: 'https://a.example/feed', at: AT, deliveries };
      expect(await store.transitionSourceHealth({ ...base, from: 'ok', to: 'failing', notice: notice('failing') })).toBe(true);
      expect((await store.getSource('A'))?.health).toBe('failing');
      // A second process (or a replay after a crash) with the same stale view changes nothing.
      expect(await store.transitionSourceHealth({ ...base, from: 'ok', to: 'failing', notice: notice('failing-again') })).toBe(false);
      expect(await store.pendingCount('discord')).toBe(1);
      expect(await store.pendingCount('slack')).toBe(1);
      const [entry] = await store.dueDeliveries('discord', AT, 10);
      expect(entry).toMatchObject({ watch: 'veille', terms: [], item: notice('failing') });

      expect(await store.transitionSourceHealth({ ...base, from: 'failing', to: 'ok', notice: notice('ok') })).toBe(true);
      expect((await store.getSource('A'))?.health).toBe('ok');
      expect(await store.pendingCount()).toBe(4);
    });
  });
}
