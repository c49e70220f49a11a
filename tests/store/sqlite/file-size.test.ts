import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { delivery, feedItem, success, useStores } from '../helpers/store-fixtures.js';

function count(path: string, sql: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

describe('prune (SQLite file)', () => {
  const { open } = useStores();

  it('keeps the file bounded in a steady state: rows stay constant and freed pages are reused', async () => {
    const { store, path } = await open();
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
    const rows = (): unknown =>
      count(
        path,
        "SELECT json_array((SELECT COUNT(*) FROM seen_items), (SELECT COUNT(*) FROM outbox), (SELECT COUNT(*) FROM outbox WHERE status = 'pending'))",
      );
    for (let n = 1; n <= 10; n += 1) await day(n);
    const settledPages = Number(count(path, 'PRAGMA page_count'));

    for (let n = 11; n <= 40; n += 1) expect(await day(n)).toEqual({ items: 200, deliveries: 200 });

    expect(rows()).toBe('[800,600,0]');
    // 30 more days wrote ~30 x 75 pages; the file only moves by b-tree rebalancing, not by days.
    expect(Number(count(path, 'PRAGMA page_count'))).toBeLessThanOrEqual(Math.ceil(settledPages * 1.05));
  });
});
