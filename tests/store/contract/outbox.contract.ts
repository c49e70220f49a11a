import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { delivery, feedItem, success, T0, T1, T2, T3 } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

/** Enqueues one discord entry per (id, published) pair, in that order, and returns their ids. */
async function enqueue(store: Store, items: readonly [string, string][], destination = 'discord'): Promise<number[]> {
  await store.commitSourceSuccess(
    success(
      'lwn',
      T0,
      items.map(([id, published]) => feedItem('lwn', id, { published })),
      [delivery(destination)],
    ),
  );
  const due = await store.dueDeliveries(destination, T0, 1000);
  return items.map(([id]) => due.find((entry) => entry.item.id === id)?.id ?? -1);
}

export function outboxContract(engine: ContractEngine): void {
  describe('outbox', () => {
    const open = () => engine.open();

    it('dueDeliveries: oldest item first (by published, then enqueue order), limited, per destination', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(
        success(
          'lwn',
          T0,
          [
            feedItem('lwn', 'late', { published: '2025-02-03T00:00:00.000Z' }),
            feedItem('lwn', 'early', { published: '2025-02-01T00:00:00+05:00' }),
            feedItem('lwn', 'tie-1', { published: '2025-02-02T00:00:00.000Z' }),
            feedItem('lwn', 'tie-2', { published: '2025-02-02T00:00Z' }),
          ],
          [delivery('discord'), delivery('slack')],
        ),
      );

      const order = async (destination: string, limit: number): Promise<string[]> =>
        (await store.dueDeliveries(destination, T0, limit)).map((entry) => `${entry.id}:${entry.item.id}`);

      expect(await order('discord', 10)).toEqual(['3:early', '5:tie-1', '7:tie-2', '1:late']);
      expect(await order('slack', 10)).toEqual(['4:early', '6:tie-1', '8:tie-2', '2:late']);
      expect(await order('discord', 2)).toEqual(['3:early', '5:tie-1']);
      expect(await order('discord', 0)).toEqual([]);
      expect(await order('telegram', 10)).toEqual([]);
    });

    it('dueDeliveries: the pending head of the queue, held back by an entry not due yet', async () => {
      const { store } = await open();
      const [a, b, c, d] = await enqueue(store, [
        ['a', '2025-02-01T00:00:00.000Z'],
        ['b', '2025-02-02T00:00:00.000Z'],
        ['c', '2025-02-03T00:00:00.000Z'],
        ['d', '2025-02-04T00:00:00.000Z'],
      ]);
      await store.markDelivered(a ?? -1, T1);
      await store.markFailed(b ?? -1, { at: T1, error: 'HTTP 400' });
      await store.markRetry(c ?? -1, { at: T1, nextAttemptAt: T3, error: 'HTTP 503', failedAttempts: 1 });

      const due = async (now: string): Promise<(string | undefined)[]> =>
        (await store.dueDeliveries('discord', now, 10)).map((entry) => entry.item.id);

      // c waits for its retry time, and d (a newer item) waits behind it: order is kept.
      expect(await due(T2)).toEqual([]);
      expect(await due('2025-03-01T12:59:59.999Z')).toEqual([]);
      expect(await due(T3)).toEqual(['c', 'd']);
      expect(await due('2025-03-01T14:00:00+01:00')).toEqual(['c', 'd']);
      expect(d).toBeGreaterThan(0);
    });

    it.each([
      { failedAttempts: 1, attempts: 1 },
      { failedAttempts: 0, attempts: 0 },
    ])('markRetry with failedAttempts=$failedAttempts: attempts $attempts, error and next attempt saved', async ({
      failedAttempts,
      attempts,
    }) => {
      const { store } = await open();
      const [id = -1] = await enqueue(store, [['a', T0]]);
      await store.markRetry(id, { at: T1, nextAttemptAt: T2, error: 'HTTP 429', failedAttempts });

      expect(await store.dueDeliveries('discord', T1, 10)).toEqual([]);
      expect(await store.dueDeliveries('discord', T2, 10)).toMatchObject([
        { id, attempts, enqueuedAt: T0, nextAttemptAt: T2, lastError: 'HTTP 429' },
      ]);
      expect(await store.pendingCount('discord')).toBe(1);
    });

    it('markRetry twice adds up the attempts that count and keeps the last error', async () => {
      const { store } = await open();
      const [id = -1] = await enqueue(store, [['a', T0]]);
      await store.markRetry(id, { at: T1, nextAttemptAt: T1, error: 'HTTP 503', failedAttempts: 1 });
      await store.markRetry(id, { at: T1, nextAttemptAt: T1, error: 'HTTP 429', failedAttempts: 0 });
      await store.markRetry(id, { at: T2, nextAttemptAt: T2, error: 'ECONNRESET', failedAttempts: 1 });

      expect(await store.dueDeliveries('discord', T3, 10)).toMatchObject([{ id, attempts: 2, lastError: 'ECONNRESET' }]);
    });

    it('pendingCount: per destination, and over all of them', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(
        success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b'), feedItem('lwn', 'c')], [delivery('discord')]),
      );
      await store.commitSourceSuccess(success('ars', T0, [feedItem('ars', 'z')], [delivery('slack')]));
      const [first] = await store.dueDeliveries('discord', T0, 1);
      await store.markDelivered(first?.id ?? -1, T1);

      expect({
        all: await store.pendingCount(),
        discord: await store.pendingCount('discord'),
        slack: await store.pendingCount('slack'),
        other: await store.pendingCount('telegram'),
      }).toEqual({ all: 3, discord: 2, slack: 1, other: 0 });
    });

    it('marking a delivered entry delivered again is a no-op', async () => {
      const { store } = await open();
      const [id = -1] = await enqueue(store, [['a', T0]]);
      await store.markDelivered(id, T1);
      await store.markDelivered(id, T2);
      expect(await store.pendingCount()).toBe(0);
    });

    it.each([
      {
        name: 'markRetry on a delivered entry',
        finish: 'delivered',
        act: (store: Store, id: number) =>
          store.markRetry(id, { at: T2, nextAttemptAt: T3, error: 'x', failedAttempts: 1 }),
        operation: 'markRetry',
      },
      {
        name: 'markFailed on a delivered entry',
        finish: 'delivered',
        act: (store: Store, id: number) => store.markFailed(id, { at: T2, error: 'x' }),
        operation: 'markFailed',
      },
      {
        name: 'markDelivered on a failed entry',
        finish: 'failed',
        act: (store: Store, id: number) => store.markDelivered(id, T2),
        operation: 'markDelivered',
      },
      {
        name: 'markRetry on a failed entry',
        finish: 'failed',
        act: (store: Store, id: number) =>
          store.markRetry(id, { at: T2, nextAttemptAt: T3, error: 'x', failedAttempts: 1 }),
        operation: 'markRetry',
      },
    ])('refuses $name: a finished entry never becomes pending again', async ({ finish, act, operation }) => {
      const { store } = await open();
      const [id = -1] = await enqueue(store, [['a', T0]]);
      if (finish === 'delivered') await store.markDelivered(id, T1);
      else await store.markFailed(id, { at: T1, error: 'HTTP 404' });

      await expect(act(store, id)).rejects.toMatchObject({
        name: 'StoreError',
        kind: 'invalid-input',
        operation,
        message: `${operation}: outbox entry ${id} is ${finish}, not pending`,
      });
      expect(await store.pendingCount()).toBe(0);
      expect(await store.dueDeliveries('discord', T3, 10)).toEqual([]);
    });

    it.each([
      { operation: 'markDelivered', act: (store: Store) => store.markDelivered(42, T1) },
      { operation: 'markFailed', act: (store: Store) => store.markFailed(42, { at: T1, error: 'x' }) },
      {
        operation: 'markRetry',
        act: (store: Store) => store.markRetry(42, { at: T1, nextAttemptAt: T2, error: 'x', failedAttempts: 1 }),
      },
    ])('$operation on an unknown id is refused', async ({ operation, act }) => {
      const { store } = await open();
      await expect(act(store)).rejects.toMatchObject({
        kind: 'invalid-input',
        operation,
        message: `${operation}: no outbox entry has id 42`,
      });
    });

    it.each([-1, 1.5, Number.NaN])('dueDeliveries refuses limit %s', async (limit) => {
      const { store } = await open();
      await expect(store.dueDeliveries('discord', T0, limit)).rejects.toMatchObject({
        kind: 'invalid-input',
        message: `dueDeliveries: limit must be a non-negative integer, got ${limit}`,
      });
    });

    it('a permanently failed story is never enqueued again for that destination', async () => {
      const { store } = await open();
      const [id = -1] = await enqueue(store, [['a', T0]]);
      await store.markFailed(id, { at: T1, error: 'HTTP 400' });
      // Another source shows the same story: it is known, nothing is enqueued.
      const result = await store.commitSourceSuccess(
        success('ars', T2, [feedItem('ars', 'other', { storyKey: 'https://news.example/a' })], [delivery('discord')]),
      );
      expect(result.enqueued).toBe(0);
    });
  });

  describe('disabled destinations', () => {
    const open = () => engine.open();

    it('are keyed by name and settings fingerprint; disabling again replaces the reason', async () => {
      const { store } = await open();
      expect(await store.destinationDisabledReason('discord', 'fp-1')).toBeUndefined();

      await store.disableDestination('discord', 'fp-1', 'webhook deleted (HTTP 404)', T0);
      await store.disableDestination('slack', 'fp-9', 'invalid token', T0);

      expect(await store.destinationDisabledReason('discord', 'fp-1')).toBe('webhook deleted (HTTP 404)');
      expect(await store.destinationDisabledReason('discord', 'fp-2')).toBeUndefined();
      expect(await store.destinationDisabledReason('slack', 'fp-1')).toBeUndefined();

      await store.disableDestination('discord', 'fp-1', 'webhook deleted (HTTP 404), again', T1);
      expect(await store.destinationDisabledReason('discord', 'fp-1')).toBe('webhook deleted (HTTP 404), again');
    });
  });
}
