import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { FeedItem } from '../../../src/parse/feed-item.js';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { PlannedDelivery, SourceSuccess } from '../../../src/store/store.js';
import { useTempDirs } from './temp-dir.js';

export const T0 = '2025-03-01T10:00:00.000Z';
export const T1 = '2025-03-01T11:00:00.000Z';
export const T2 = '2025-03-01T12:00:00.000Z';
export const T3 = '2025-03-01T13:00:00.000Z';

/** A feed item of `source`; its story is its link unless `storyKey` says otherwise. */
export function feedItem(source: string, id: string, overrides: Partial<FeedItem> = {}): FeedItem {
  const link = `https://news.example/${id}`;
  return {
    id,
    storyKey: link,
    source,
    title: `Title ${id}`,
    link,
    summary: `Summary of ${id}`,
    categories: ['tech'],
    published: T0,
    publishedFromFeed: true,
    ...overrides,
  };
}

export function delivery(destination: string, watch = 'rust', terms: readonly string[] = ['rust']): PlannedDelivery {
  return { destination, watch, terms };
}

/** A successful read of `source` at `at` with the given items, each delivered to `deliveries`. */
export function success(
  source: string,
  at: string,
  items: readonly FeedItem[],
  deliveries: readonly PlannedDelivery[] = [],
  extra: Partial<SourceSuccess> = {},
): SourceSuccess {
  return {
    source,
    url: `https://${source}.example/feed.xml`,
    at,
    validators: {},
    items: items.map((item) => ({ item, deliveries })),
    ...extra,
  };
}

/**
 * Opens stores on fresh state files under a temp dir; every store is closed and every directory
 * removed after each test.
 */
export function useStores(): { open: (name?: string) => Promise<{ store: SqliteStore; path: string }>; tempDir: () => Promise<string> } {
  const tempDir = useTempDirs();
  const opened: SqliteStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  return {
    tempDir,
    open: async (name = 'state.db') => {
      const path = join(await tempDir(), name);
      const store = openSqliteStore(path);
      opened.push(store);
      return { store, path };
    },
  };
}
