import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, Destination, PacingPolicy, SendResult } from '../../src/deliver/destination.js';
import { dispatchOutbox } from '../../src/deliver/dispatch-outbox.js';
import { createPacer } from '../../src/deliver/pacer.js';
import type { RetryPolicy } from '../../src/deliver/retry-policy.js';
import { DeliveryError, type DeliveryOutcome } from '../../src/errors/delivery-error.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestClock } from '../helpers/test-clock.js';
import { storeWithItems } from '../helpers/outbox-store.js';
import { silentLogger } from '../helpers/silent-logger.js';

const tempDir = useTempDirs();
const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const RETRY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 3_600_000, maxInlineWaitMs: 30_000, maxInlineAttempts: 3, random: () => 0.5, maxAttempts: 12, maxAgeMs: 86_400_000 };

type Script = { outcome: DeliveryOutcome; status: number; retryAfterMs?: number } | 'ok';

/** A destination that answers from a script (then 'ok'), recording every call with its time. */
function scriptedDestination(name: string, clock: { now(): Date }, script: Script[] = [], pacing: PacingPolicy[] = [], batchLimit = 1) {
  const calls: { title: string; at: number; ok: boolean; key: string | undefined }[] = [];
  /** Sizes of the batches `send` was given. */
  const batches: number[] = [];
  const destination: Destination = {
    name,
    type: 'test',
    pacing,
    batchLimit,
    fingerprint: `fp-${name}`,
    async send(deliveries: readonly Delivery[]): Promise<SendResult[]> {
      batches.push(deliveries.length);
      const results: SendResult[] = [];
      // One by one, stopping at the first failure, as a kind that posts each delivery does.
      for (const delivery of deliveries) {
        const step = script.shift() ?? 'ok';
        calls.push({ title: delivery.item.title, at: clock.now().getTime(), ok: step === 'ok', key: delivery.idempotencyKey });
        if (step === 'ok') {
          results.push({ delivered: true });
          continue;
        }
        const error = new DeliveryError(`HTTP ${step.status}`, { destination: name, outcome: step.outcome, status: step.status, ...(step.retryAfterMs === undefined ? {} : { retryAfterMs: step.retryAfterMs }) });
        results.push({ delivered: false, error });
        break;
      }
      return results;
    },
    async close() {},
  };
  return { destination, calls, batches, runtime: { destination, pacer: createPacer(pacing) } };
}


async function storeWith(destinations: readonly string[], itemNumbers: readonly number[]): Promise<SqliteStore> {
  const store = await storeWithItems(join(await tempDir(), 'state.db'), destinations, itemNumbers);
  stores.push(store);
  return store;
}

describe('dispatchOutbox', () => {
  it('delivers oldest item first, once', async () => {
    const clock = createTestClock();
    const store = await storeWith(['chat'], [3, 1, 2]);
    const chat = scriptedDestination('chat', clock);
    const deps = { store, destinations: [chat.runtime], logger: silentLogger, clock, retry: RETRY };
    expect(await dispatchOutbox(deps)).toEqual({ delivered: 3, failed: 0 });
    expect(chat.calls.map((c) => c.title)).toEqual(['item 1', 'item 2', 'item 3']);
    expect(await dispatchOutbox(deps)).toEqual({ delivered: 0, failed: 0 });
    expect(chat.calls).toHaveLength(3);
    expect(await store.pendingCount()).toBe(0);
  });

  it('sends batches up to the batch limit; a failure mid-batch settles each entry exactly and keeps the order', async () => {
    const clock = createTestClock();
    const store = await storeWith(['chat'], [1, 2, 3, 4, 5, 6, 7]);
    // Batch [1, 2, 3]: 1 ok, 2 refused for good, 3 not attempted, so [3] is sent next. Batch
    // [4, 5, 6]: 4 rate-limited (2 s), 5 and 6 not attempted, so [4, 5, 6] again; then [7].
    const chat = scriptedDestination(
      'chat',
      clock,
      ['ok', { outcome: 'permanent', status: 400 }, 'ok', { outcome: 'rate-limited', status: 429, retryAfterMs: 2_000 }],
      [],
      3,
    );
    expect(await dispatchOutbox({ store, destinations: [chat.runtime], logger: silentLogger, clock, retry: RETRY })).toEqual({ delivered: 6, failed: 1 });
    expect(chat.batches).toEqual([3, 1, 3, 3, 1]);
    expect(chat.calls.map((c) => `${c.title}:${c.ok ? 'ok' : 'ko'}`)).toEqual([
      'item 1:ok',
      'item 2:ko',
      'item 3:ok',
      'item 4:ko',
      'item 4:ok',
      'item 5:ok',
      'item 6:ok',
      'item 7:ok',
    ]);
    expect(clock.sleeps).toEqual([2_000]);
    expect(await store.pendingCount('chat')).toBe(0);
  });

  it('waits for retry_after on 429, backs off on 500, then posts exactly once', async () => {
    const clock = createTestClock();
    const store = await storeWith(['chat'], [1]);
    const chat = scriptedDestination('chat', clock, [
      { outcome: 'rate-limited', status: 429, retryAfterMs: 2_500 },
      { outcome: 'retry', status: 500 },
    ]);
    expect(await dispatchOutbox({ store, destinations: [chat.runtime], logger: silentLogger, clock, retry: RETRY })).toEqual({ delivered: 1, failed: 0 });
    expect(chat.calls.map((c) => c.ok)).toEqual([false, false, true]);
    // Every attempt carries the same idempotency key, derived from destination and story.
    expect(new Set(chat.calls.map((c) => c.key)).size).toBe(1);
    expect(chat.calls[0]?.key).toMatch(/^[\w-]{25}$/);
    // 2.5 s as asked by the 429, then the first backoff step (1 s with jitter 0.5 -> 750 ms).
    expect(clock.sleeps).toEqual([2_500, 750]);
    expect(chat.calls[1]!.at - chat.calls[0]!.at).toBe(2_500);
    expect(await store.pendingCount('chat')).toBe(0);
  });

  it('saves a rate-limit wait before sleeping, so a restart after a crash waits too', async () => {
    const clock = createTestClock();
    const store = await storeWith(['chat'], [1]);
    const chat = scriptedDestination('chat', clock, [{ outcome: 'rate-limited', status: 429, retryAfterMs: 2_500 }]);
    const seenDuringSleep: (string | undefined)[] = [];
    const sleep = clock.sleep.bind(clock);
    const watchingClock = {
      ...clock,
      now: () => clock.now(),
      sleep: async (ms: number) => {
        // While asleep, a restarted process would read the store: the entry is not due yet.
        seenDuringSleep.push(JSON.stringify(await store.dueDeliveries('chat', clock.now().toISOString(), 10)));
        await sleep(ms);
      },
    };
    expect(await dispatchOutbox({ store, destinations: [chat.runtime], logger: silentLogger, clock: watchingClock, retry: RETRY })).toEqual({ delivered: 1, failed: 0 });
    expect(seenDuringSleep).toEqual(['[]']);
  });

  it('defers a destination that keeps failing, keeping its order, and leaves others unaffected', async () => {
    const clock = createTestClock();
    const store = await storeWith(['down', 'up'], [1, 2]);
    const down = scriptedDestination('down', clock, Array.from({ length: 10 }, () => ({ outcome: 'retry' as const, status: 503 })));
    const up = scriptedDestination('up', clock);
    const deps = { store, destinations: [down.runtime, up.runtime], logger: silentLogger, clock, retry: RETRY };
    expect(await dispatchOutbox(deps)).toEqual({ delivered: 2, failed: 0 });
    expect(down.calls.map((c) => c.title)).toEqual(['item 1', 'item 1', 'item 1']); // item 2 waits behind item 1
    expect(up.calls.map((c) => c.title)).toEqual(['item 1', 'item 2']);
    expect(await store.pendingCount('down')).toBe(2);
    // Not due yet: the next dispatch does not call it.
    await dispatchOutbox(deps);
    expect(down.calls).toHaveLength(3);
    const [entry] = await store.dueDeliveries('down', new Date(clock.now().getTime() + 3_600_000).toISOString(), 10);
    expect(entry).toMatchObject({ attempts: 3, lastError: 'HTTP 503' });
  });

  it('gives up on an item whose transient failures never clear, and goes on with the next', async () => {
    const clock = createTestClock();
    const store = await storeWith(['chat'], [1, 2]);
    const chat = scriptedDestination('chat', clock, Array.from({ length: 12 }, () => ({ outcome: 'retry' as const, status: 500 })));
    const deps = { store, destinations: [chat.runtime], logger: silentLogger, clock, retry: RETRY };
    // Cycles an hour apart: each tries item 1 a few times, then defers it; the 12th attempt gives up.
    const reports = [];
    for (let cycle = 0; cycle < 20 && (await store.pendingCount()) > 0; cycle += 1) {
      reports.push(await dispatchOutbox(deps));
      clock.advance(3_600_000);
    }
    expect(chat.calls.map((c) => c.title)).toEqual([...Array.from({ length: 12 }, () => 'item 1'), 'item 2']);
    expect(chat.calls.at(-1)?.ok).toBe(true);
    // The give-up and the next item happen in the same cycle.
    expect(reports.at(-1)).toEqual({ delivered: 1, failed: 1 });
    expect(reports.slice(0, -1).every((report) => report.delivered === 0 && report.failed === 0)).toBe(true);
    expect(await store.pendingCount()).toBe(0);
  });

  it('gives up on a permanently refused item and goes on with the next', async () => {
    const clock = createTestClock();
    const store = await storeWith(['chat'], [1, 2]);
    const chat = scriptedDestination('chat', clock, [{ outcome: 'permanent', status: 400 }]);
    expect(await dispatchOutbox({ store, destinations: [chat.runtime], logger: silentLogger, clock, retry: RETRY })).toEqual({ delivered: 1, failed: 1 });
    expect(chat.calls.map((c) => [c.title, c.ok])).toEqual([['item 1', false], ['item 2', true]]);
    expect(await store.pendingCount()).toBe(0);
  });

  it('disables a destination answering 404, stops calling it, and keeps serving the others', async () => {
    const clock = createTestClock();
    const store = await storeWith(['gone', 'up'], [1, 2]);
    const gone = scriptedDestination('gone', clock, [{ outcome: 'disable', status: 404 }]);
    const up = scriptedDestination('up', clock);
    const deps = { store, destinations: [gone.runtime, up.runtime], logger: silentLogger, clock, retry: RETRY };
    expect(await dispatchOutbox(deps)).toEqual({ delivered: 2, failed: 0 });
    expect(await dispatchOutbox(deps)).toEqual({ delivered: 0, failed: 0 });
    expect(gone.calls).toHaveLength(1);
    expect(await store.destinationDisabledReason('gone', 'fp-gone')).toBe('HTTP 404');
    expect(await store.pendingCount('gone')).toBe(2);
  });

  it('paces 100 deliveries under every window of the policy, in order', async () => {
    const clock = createTestClock();
    const numbers = Array.from({ length: 100 }, (_, i) => i + 1);
    const store = await storeWith(['hook'], numbers);
    const policies = [{ limit: 5, windowMs: 2_000 }, { limit: 30, windowMs: 60_000 }];
    const hook = scriptedDestination('hook', clock, [], policies);
    expect(await dispatchOutbox({ store, destinations: [hook.runtime], logger: silentLogger, clock, retry: RETRY })).toEqual({ delivered: 100, failed: 0 });
    expect(hook.calls.map((c) => c.title)).toEqual(numbers.map((n) => `item ${n}`));
    for (const { limit, windowMs } of policies) {
      for (const call of hook.calls) {
        const inWindow = hook.calls.filter((other) => other.at >= call.at && other.at < call.at + windowMs).length;
        expect(inWindow).toBeLessThanOrEqual(limit);
      }
    }
  });

  it('on shutdown, starts no new delivery', async () => {
    const clock = createTestClock();
    const store = await storeWith(['chat'], [1, 2, 3]);
    const shutdown = new AbortController();
    const chat = scriptedDestination('chat', clock);
    const send = chat.destination.send.bind(chat.destination);
    chat.destination.send = async (deliveries) => {
      const results = await send(deliveries);
      shutdown.abort();
      return results;
    };
    const report = await dispatchOutbox({ store, destinations: [chat.runtime], logger: silentLogger, clock, retry: RETRY, signal: shutdown.signal });
    expect(report).toEqual({ delivered: 1, failed: 0 });
    expect(await store.pendingCount()).toBe(2);
  });
});

describe('dispatchOutbox when the store fails', () => {
  it('never sends again because recording a delivery failed; the error reaches the caller after every destination stopped', async () => {
    const clock = createTestClock();
    const store = await storeWith(['chat', 'other'], [1, 2]);
    const chat = scriptedDestination('chat', clock);
    const other = scriptedDestination('other', clock);
    const markDelivered = store.markDelivered.bind(store);
    store.markDelivered = async (id, at) => {
      if (chat.calls.length > 0 && other.calls.length > 0) throw new Error('database is locked');
      return markDelivered(id, at);
    };
    await expect(dispatchOutbox({ store, destinations: [chat.runtime, other.runtime], logger: silentLogger, clock, retry: RETRY })).rejects.toThrow(
      'database is locked',
    );
    // Each message went out once; none was sent a second time because it could not be recorded.
    expect(chat.calls.map((c) => c.title)).toEqual(['item 1']);
    expect(other.calls.map((c) => c.title)).toEqual(['item 1']);
  });
});
