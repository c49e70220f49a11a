import { describe, expect, it } from 'vitest';
import { delivery, feedItem, success, T0, T1, T2, T3 } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

export function listDeliveriesContract(engine: ContractEngine): void {

describe('listDeliveries', () => {
  const open = () => engine.open();

  async function filled() {
    const { store } = await open();
    await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')], [delivery('discord', 'rust', ['rust']), delivery('slack', 'rust', ['rust'])]));
    await store.commitSourceSuccess(success('hn', T2, [feedItem('hn', 'c')], [delivery('discord', 'cloud', ['huawei', 'cloud'])]));
    // ids: 1 a/discord, 2 a/slack, 3 b/discord, 4 b/slack, 5 c/discord
    await store.markDelivered(1, T1);
    await store.markFailed(2, { at: T1, error: 'HTTP 404 Unknown Webhook' });
    await store.markRetry(3, { at: T1, nextAttemptAt: T3, error: 'HTTP 503', failedAttempts: 1 });
    return store;
  }

  it('lists every entry newest first, with its status, source, terms, times and last error', async () => {
    const store = await filled();
    const all = await store.listDeliveries({ limit: 10 });
    expect(all.map((entry) => [entry.id, entry.destination, entry.item.id, entry.status])).toEqual([
      [5, 'discord', 'c', 'pending'],
      [4, 'slack', 'b', 'pending'],
      [3, 'discord', 'b', 'pending'],
      [2, 'slack', 'a', 'failed'],
      [1, 'discord', 'a', 'delivered'],
    ]);
    expect(all[0]).toEqual({
      id: 5,
      destination: 'discord',
      watch: 'cloud',
      terms: ['huawei', 'cloud'],
      source: 'hn',
      item: feedItem('hn', 'c'),
      status: 'pending',
      attempts: 0,
      enqueuedAt: T2,
      nextAttemptAt: T2,
    });
    expect(all[2]).toMatchObject({ status: 'pending', attempts: 1, lastAttemptAt: T1, nextAttemptAt: T3, lastError: 'HTTP 503' });
    expect(all[2]).not.toHaveProperty('finishedAt');
    expect(all[3]).toMatchObject({ status: 'failed', finishedAt: T1, lastError: 'HTTP 404 Unknown Webhook', source: 'lwn' });
    expect(all[4]).toMatchObject({ status: 'delivered', finishedAt: T1, attempts: 1 });
    expect(all[4]).not.toHaveProperty('lastError');
  });

  it.each([
    { filter: { watch: 'cloud' }, ids: [5] },
    { filter: { destination: 'slack' }, ids: [4, 2] },
    { filter: { destination: 'discord', watch: 'rust' }, ids: [3, 1] },
    { filter: { status: 'failed' as const }, ids: [2] },
    { filter: { status: 'pending' as const, destination: 'discord' }, ids: [5, 3] },
    { filter: { since: T1 }, ids: [5] },
    { filter: { until: T1 }, ids: [4, 3, 2, 1] },
    { filter: { since: '2025-03-01T00:00:00Z', until: '2025-03-02T00:00:00+00:00' }, ids: [5, 4, 3, 2, 1] },
    { filter: { since: '2025-03-02T00:00:00Z' }, ids: [] },
    { filter: { beforeId: 4 }, ids: [3, 2, 1] },
    { filter: { beforeId: 4, limit: 2 }, ids: [3, 2] },
    { filter: { limit: 0 }, ids: [] },
    { filter: { watch: 'nope' }, ids: [] },
  ])('filters by $filter', async ({ filter, ids }) => {
    const store = await filled();
    expect((await store.listDeliveries({ limit: 10, ...filter })).map((entry) => entry.id)).toEqual(ids);
  });

  it('rejects a bad limit or time', async () => {
    const { store } = await open();
    await expect(store.listDeliveries({ limit: -1 })).rejects.toThrow('listDeliveries: limit must be a non-negative integer, got -1');
    await expect(store.listDeliveries({ limit: 5, since: '2025-03-01' })).rejects.toThrow(
      'listDeliveries: since is not an ISO 8601 time with an offset: "2025-03-01"',
    );
  });
});
}
