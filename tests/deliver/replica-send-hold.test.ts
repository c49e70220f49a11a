import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCycleClaims } from '../../src/cycle/replica-claims.js';
import type { Delivery, Destination, SendResult } from '../../src/deliver/destination.js';
import { dispatchOutbox, type DispatchReport } from '../../src/deliver/dispatch-outbox.js';
import { createPacer } from '../../src/deliver/pacer.js';
import { DEFAULT_RETRY_POLICY } from '../../src/deliver/retry-policy.js';
import { MOST_REQUESTS_PER_DELIVERY, sendBudgetMs } from '../../src/deliver/send-budget.js';
import { DeliveryError } from '../../src/errors/delivery-error.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { storeWithItems } from '../helpers/outbox-store.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestClock } from '../helpers/test-clock.js';

/**
 * Two replicas and one destination: a send that outlasts the lease left when it started (a slow
 * platform, a stalled process) must not let another replica send the same entry meanwhile
 * (replica-claims.ts, "A send outlasting the lease"). Both replicas share one clock; the claims'
 * renewal timers run every lease / 3 of real time, far longer than these tests.
 */
const tempDir = useTempDirs();
const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const LEASE_MS = 60_000;
const TICK = new Date('2026-11-23T12:00:00.000Z');


/** A destination named `chat` that records what it posts; `hold` keeps a send from finishing until released. */
function chat(requestTimeoutMs: number | undefined, posted: string[], hold?: Promise<void>) {
  const signals: (AbortSignal | undefined)[] = [];
  const destination: Destination = {
    name: 'chat',
    type: 'test',
    pacing: [],
    batchLimit: 1,
    fingerprint: 'fp-chat',
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    async send(deliveries: readonly Delivery[], signal?: AbortSignal): Promise<SendResult[]> {
      signals.push(signal);
      // The platform takes the post at once; its answer comes back when `hold` settles.
      posted.push(...deliveries.map((delivery) => delivery.item.title));
      await hold;
      return deliveries.map(() => ({ delivered: true }));
    },
    async close() {},
  };
  return { signals, runtime: { destination, pacer: createPacer([]) } };
}

/** A store holding the items numbered, queued for `chat`; a clock at the tick; the cycle claims of replica `id` on them. */
async function replicasOn(itemNumbers: readonly number[]) {
  const store = await storeWithItems(join(await tempDir(), 'state.db'), ['chat'], itemNumbers);
  stores.push(store);
  const clock = createTestClock(TICK.toISOString());
  const claimsOf = (id: string) => startCycleClaims({ store, clock, logger: silentLogger, replica: { id, leaseMs: LEASE_MS }, tick: TICK });
  return { store, clock, claimsOf };
}

describe('a send to a destination shared by replicas', () => {
  it('holds the destination for the whole send: another replica sends nothing until it is recorded, then nothing twice', async () => {
    const { store, clock, claimsOf } = await replicasOn([1, 2]);
    const posted: string[] = [];
    let release: () => void = () => undefined;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const a = claimsOf('a');
    const slow = chat(10_000, posted, hold);
    const dispatchA = dispatchOutbox({ store, destinations: [slow.runtime], logger: silentLogger, clock, retry: DEFAULT_RETRY_POLICY, claims: a });
    while (posted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // A's send of item 1 is in flight, and takes longer than the lease A had when it started.
    clock.advance(LEASE_MS + 1_000);
    const b = claimsOf('b');
    const reportB = await dispatchOutbox({ store, destinations: [chat(10_000, posted).runtime], logger: silentLogger, clock, retry: DEFAULT_RETRY_POLICY, claims: b });
    expect(reportB).toEqual<DispatchReport>({ delivered: 0, failed: 0 });
    expect(posted).toEqual(['item 1']);
    // A's send comes back: A records it, and goes on with item 2 (its claim is still good).
    release();
    expect(await dispatchA).toEqual<DispatchReport>({ delivered: 2, failed: 0 });
    expect(posted).toEqual(['item 1', 'item 2']);
    // The send was given a signal that aborts it past its budget.
    expect(slow.signals.map((signal) => signal?.aborted)).toEqual([false, false]);
    await Promise.all([a.end(), b.end()]);
    // Once A's claim ran out, B takes the destination over and finds nothing left to send.
    clock.advance(sendBudgetMs({ requestTimeoutMs: 10_000 }, 1) + LEASE_MS);
    const c = claimsOf('b');
    expect(await dispatchOutbox({ store, destinations: [chat(10_000, posted).runtime], logger: silentLogger, clock, retry: DEFAULT_RETRY_POLICY, claims: c })).toEqual({ delivered: 0, failed: 0 });
    expect(await c.claimDestination('chat')).toBe(true);
    await c.end();
    expect(posted).toEqual(['item 1', 'item 2']);
  });

  it('lets another replica take over one lease after the hold when the holder died mid-send', async () => {
    const { store, clock, claimsOf } = await replicasOn([1]);
    const posted: string[] = [];
    const a = claimsOf('a');
    // A's send never comes back (A died with it in flight).
    void dispatchOutbox({ store, destinations: [chat(10_000, posted, new Promise(() => undefined)).runtime], logger: silentLogger, clock, retry: DEFAULT_RETRY_POLICY, claims: a });
    while (posted.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const budget = sendBudgetMs({ requestTimeoutMs: 10_000 }, 1);
    expect(budget).toBe(10_000 * MOST_REQUESTS_PER_DELIVERY);
    const b = claimsOf('b');
    clock.advance(budget + LEASE_MS - 1);
    expect(await b.claimDestination('chat')).toBe(false);
    clock.advance(1);
    // The entry may have reached the platform: the one taking over sends it again (at most one duplicate per kill).
    expect(await dispatchOutbox({ store, destinations: [chat(10_000, posted).runtime], logger: silentLogger, clock, retry: DEFAULT_RETRY_POLICY, claims: b })).toEqual({ delivered: 1, failed: 0 });
    expect(posted).toEqual(['item 1', 'item 1']);
    await b.end();
  });

  it('gives the longer hold back once the send is over: a holder that dies after a send is taken over within one lease', async () => {
    const { clock, claimsOf } = await replicasOn([1]);
    const posted: string[] = [];
    const a = claimsOf('a');
    // A sends item 1, then dies before anything else (no keepDestination, no end).
    expect(await a.claimDestination('chat')).toBe(true);
    expect(await a.holdForSend('chat', 40_000)).toBe(true);
    posted.push('item 1');
    await a.sendDone('chat');
    const b = claimsOf('b');
    clock.advance(LEASE_MS - 1);
    expect(await b.claimDestination('chat')).toBe(false);
    clock.advance(1);
    expect(await b.claimDestination('chat')).toBe(true);
    await b.end();
  });

  it.each([
    ['a chat kind with a 10 s request timeout', 10_000, 1, 40_000],
    ['a batch of 3 with a 2 s timeout', 2_000, 3, 24_000],
    ['a kind that makes no request (console)', undefined, 50, 0],
  ] as const)('budget of %s', (_name, requestTimeoutMs, count, expected) => {
    expect(sendBudgetMs(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }, count)).toBe(expected);
  });

  it('aborts a send past its budget, and the entry is retried', async () => {
    const { store, clock, claimsOf } = await replicasOn([1]);
    const a = claimsOf('a');
    const aborted: boolean[] = [];
    const destination: Destination = {
      ...chat(5, []).runtime.destination,
      async send(_deliveries, signal) {
        // A platform that never answers: only the budget's abort ends the send.
        await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
        aborted.push(signal?.aborted === true);
        return [{ delivered: false, error: new DeliveryError('send aborted', { destination: 'chat', outcome: 'retry' }) }];
      },
    };
    const retry = { ...DEFAULT_RETRY_POLICY, maxInlineAttempts: 1 };
    expect(await dispatchOutbox({ store, destinations: [{ destination, pacer: createPacer([]) }], logger: silentLogger, clock, retry, claims: a })).toEqual({ delivered: 0, failed: 0 });
    expect(aborted).toEqual([true]);
    expect(await store.pendingCount('chat')).toBe(1);
    await a.end();
  });
});
