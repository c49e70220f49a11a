import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../../src/parse/feed-item.js';
import type { ContractEngine } from './contract-engine.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-23T12:00:00.000Z');
const at = (days: number) => new Date(T0 + days * DAY).toISOString();
const KEY = 'title:orange met fin a son partenariat avec huawei';

function item(source: string, link: string): FeedItem {
  return { id: `link:${link}`, storyKey: link, source, title: 't', link, summary: '', categories: [], published: at(0), publishedFromFeed: true };
}

async function open(engine: ContractEngine) {
  const { store } = await engine.open();
  const commit = async (source: string, link: string, day: number, titleKey: string | null = KEY) =>
    (
      await store.commitSourceSuccess({
        source,
        url: `https://${source}.example/feed`,
        at: at(day),
        validators: {},
        items: [{ item: item(source, link), deliveries: [{ destination: 'chat', watch: 'w', terms: ['Huawei'] }], ...(titleKey === null ? {} : { titleKey }) }],
      })
    ).enqueued;
  return { store, commit };
}

export function titleDedupeContract(engine: ContractEngine): void {
  describe('cross-source dedupe on headlines', () => {
    it('the same headline from another source within a week is the same story', async () => {
      const { commit } = await open(engine);
      expect(await commit('lemagit', 'https://lemagit.example/a', 0)).toBe(1);
      expect(await commit('gnews', 'https://news.google.com/rss/articles/xyz', 1)).toBe(0);
    });

    it('after a week, the same headline elsewhere is a new story', async () => {
      const { commit } = await open(engine);
      expect(await commit('lemagit', 'https://lemagit.example/a', 0)).toBe(1);
      expect(await commit('gnews', 'https://news.google.com/rss/articles/xyz', 8)).toBe(1);
      // ...and that later sighting now holds the key for its own week.
      expect(await commit('silicon', 'https://silicon.example/z', 9)).toBe(0);
    });

    it('a source repeating its own headline (a weekly column) still posts each new item', async () => {
      const { commit } = await open(engine);
      expect(await commit('lemagit', 'https://lemagit.example/week-1', 0)).toBe(1);
      expect(await commit('lemagit', 'https://lemagit.example/week-2', 7)).toBe(1);
      expect(await commit('lemagit', 'https://lemagit.example/week-3', 8)).toBe(1);
    });

    it('items without a headline key are never deduped by headline', async () => {
      const { commit } = await open(engine);
      expect(await commit('a', 'https://a.example/1', 0, null)).toBe(1);
      expect(await commit('b', 'https://b.example/1', 0, null)).toBe(1);
    });

    it('is per destination: a destination the first copy did not go to still gets it', async () => {
      const { store } = await open(engine);
      const commitTo = async (source: string, link: string, destination: string) =>
        (
          await store.commitSourceSuccess({
            source,
            url: `https://${source}.example/feed`,
            at: at(0),
            validators: {},
            items: [{ item: item(source, link), deliveries: [{ destination, watch: 'w', terms: ['Huawei'] }], titleKey: KEY }],
          })
        ).enqueued;
      expect(await commitTo('lemagit', 'https://lemagit.example/a', 'discord')).toBe(1);
      expect(await commitTo('gnews', 'https://news.google.com/rss/articles/xyz', 'slack')).toBe(1);
      expect(await commitTo('silicon', 'https://silicon.example/a', 'discord')).toBe(0);
    });
  });
}
