import type { FeedItem } from '../../src/parse/feed-item.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

/** Item `n` of source A: titled `item n`, published n minutes after 10:00 UTC on 2026-11-23. */
export function numberedItem(n: number): FeedItem {
  const published = new Date(Date.parse('2026-11-23T10:00:00Z') + n * 60_000).toISOString();
  return { id: `guid:${n}`, storyKey: `https://news.example/${n}`, source: 'A', title: `item ${n}`, link: `https://news.example/${n}`, summary: '', categories: [], published, publishedFromFeed: true };
}

/** A SQLite store at `path` whose source A committed the items numbered, each enqueued for every destination named (watch `w`). */
export async function storeWithItems(path: string, destinations: readonly string[], itemNumbers: readonly number[]): Promise<SqliteStore> {
  const store = openSqliteStore(path);
  await store.commitSourceSuccess({
    source: 'A',
    url: 'https://a.example/feed',
    at: '2026-11-23T11:00:00.000Z',
    validators: {},
    items: itemNumbers.map((n) => ({ item: numberedItem(n), deliveries: destinations.map((destination) => ({ destination, watch: 'w', terms: ['Huawei'] })) })),
  });
  return store;
}
