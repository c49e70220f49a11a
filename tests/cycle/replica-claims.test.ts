import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCycleClaims } from '../../src/cycle/replica-claims.js';
import type { Logger } from '../../src/log/logger.js';
import { previousFireTime } from '../../src/schedule/previous-fire-time.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createTestClock } from '../helpers/test-clock.js';

/** A logger that keeps the messages of warnings. */
function recordingLogger(): Logger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger & { warnings: string[] } = { warnings, debug() {}, info() {}, warn: (_fields: object, message?: string) => void warnings.push(message ?? ''), error() {}, child: () => logger };
  return logger;
}

const TICK = new Date('2026-11-23T12:00:00.000Z');
const LEASE_MS = 3_000;

describe('startCycleClaims (the claims of one cycle of a replica)', () => {
  let store: SqliteStore;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    store = openSqliteStore(':memory:');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
  });
  const start = (id: string, clock = createTestClock(TICK.toISOString()), logger = recordingLogger()) => ({
    clock,
    logger,
    claims: startCycleClaims({ store, clock, logger, replica: { id, leaseMs: LEASE_MS }, tick: TICK }),
  });

  it('splits sources between two replicas at one tick, and none is read twice at that tick once released', async () => {
    const a = start('a');
    const b = start('b');
    expect(await a.claims.claimSource('lwn')).toBe(true);
    expect(await b.claims.claimSource('lwn')).toBe(false);
    expect(await b.claims.claimSource('hn')).toBe(true);
    await a.claims.releaseSources();
    expect(await b.claims.claimSource('lwn')).toBe(false);
    await Promise.all([a.claims.end(), b.claims.end()]);
  });

  it('with a plan, one claim takes the next planned sources not tried yet, in one statement, with their records; two replicas still split them', async () => {
    await store.recordUnchanged('s2', 'https://s2.example/rss', TICK.toISOString(), { etag: '"e2"' });
    const counted = { claims: 0, reads: 0 };
    const counting: Store = new Proxy(store, {
      get: (target, property) => {
        const value = (Reflect.get(target, property) as unknown as (...args: unknown[]) => unknown).bind(target);
        if (property === 'claimSources') return (...args: unknown[]) => ((counted.claims += 1), value(...args));
        if (property === 'getSources') return (...args: unknown[]) => ((counted.reads += 1), value(...args));
        return value;
      },
    });
    const clock = createTestClock(TICK.toISOString());
    const claimsOf = (id: string) => startCycleClaims({ store: counting, clock, logger: recordingLogger(), replica: { id, leaseMs: LEASE_MS }, tick: TICK });
    const a = claimsOf('a');
    const b = claimsOf('b');
    const names = ['s1', 's2', 's3', 's4', 's5', 's6', 's7'];
    a.plan(names, 3);
    b.plan(names, 3);
    expect(await a.claimSource('s1')).toBe(true);
    expect(counted).toEqual({ claims: 1, reads: 1 });
    expect(await b.claimSource('s1')).toBe(false);
    // b's first claim tried s1, s2 and s3 (a holds them); this one tries s4, s5 and s6.
    expect(await b.claimSource('s4')).toBe(true);
    expect(await Promise.all([a.claimSource('s2'), a.claimSource('s3'), a.claimSource('s4')])).toEqual([true, true, false]);
    expect(await Promise.all([b.claimSource('s2'), b.claimSource('s5'), b.claimSource('s6')])).toEqual([false, true, true]);
    expect(counted).toEqual({ claims: 4, reads: 2 });
    // Records as read right after the claim, once; a new source's record is undefined.
    expect(a.claimedRecord('s2')?.record).toMatchObject({ name: 's2', validators: { etag: '"e2"' } });
    expect(a.claimedRecord('s2')).toBeUndefined();
    expect(a.claimedRecord('s3')).toEqual({ record: undefined });
    expect(a.claimedRecord('s4')).toBeUndefined();
    // Whatever a replica claimed ahead and did not read is released with the rest.
    await a.releaseSources();
    await b.releaseSources();
    expect(await store.sourceClaimsHeld(TICK.toISOString(), TICK.toISOString())).toBe(0);
    await Promise.all([a.end(), b.end()]);
  });

  it('renews what it holds every third of the lease: a replica that lives keeps its destination past the lease', async () => {
    const a = start('a');
    const b = start('b', a.clock);
    expect(await a.claims.claimDestination('discord')).toBe(true);
    for (let step = 0; step < 4; step += 1) {
      a.clock.advance(LEASE_MS / 3);
      await vi.advanceTimersByTimeAsync(LEASE_MS / 3);
    }
    expect(a.claims.holdsDestination('discord')).toBe(true);
    expect(await b.claims.claimDestination('discord')).toBe(false);
    await a.claims.end();
    expect(await b.claims.claimDestination('discord')).toBe(true);
    await b.claims.end();
  });

  it('a holder that cannot renew stops holding once its lease ran out, and another replica takes over', async () => {
    const failing: Store = new Proxy(store, {
      get: (target, property) => (property === 'claimDestination' && renewalsFail ? async () => Promise.reject(new Error('database unreachable')) : (Reflect.get(target, property) as unknown as (...args: unknown[]) => unknown).bind(target)),
    });
    let renewalsFail = false;
    const clock = createTestClock(TICK.toISOString());
    const logger = recordingLogger();
    const a = startCycleClaims({ store: failing, clock, logger, replica: { id: 'a', leaseMs: LEASE_MS }, tick: TICK });
    expect(await a.claimDestination('discord')).toBe(true);
    renewalsFail = true;
    clock.advance(LEASE_MS / 3);
    await vi.advanceTimersByTimeAsync(LEASE_MS / 3);
    expect(a.holdsDestination('discord')).toBe(true);
    expect(logger.warnings).toContain('could not renew the claims of this replica');
    clock.advance(LEASE_MS);
    expect(a.holdsDestination('discord')).toBe(false);
    const b = start('b', clock);
    expect(await b.claims.claimDestination('discord')).toBe(true);
    // a's renewal, once the database answers again, finds the destination taken: it lets it go.
    renewalsFail = false;
    await vi.advanceTimersByTimeAsync(LEASE_MS / 3);
    expect(logger.warnings).toContain('lost the claim on a destination to another replica (its lease ran out)');
    await a.end();
    expect(b.claims.holdsDestination('discord')).toBe(true);
    await b.claims.end();
  });

  it('a destination kept after its queue was drained stays this replica\'s for one lease: pacing holds across replicas', async () => {
    const a = start('a');
    const b = start('b', a.clock);
    expect(await a.claims.claimDestination('discord')).toBe(true);
    a.clock.advance(1_000);
    await a.claims.keepDestination('discord');
    await a.claims.end();
    a.clock.advance(LEASE_MS - 1);
    expect(await b.claims.claimDestination('discord')).toBe(false);
    const again = start('a', a.clock);
    expect(await again.claims.claimDestination('discord')).toBe(true);
    await again.claims.keepDestination('discord');
    a.clock.advance(LEASE_MS);
    expect(await b.claims.claimDestination('discord')).toBe(true);
    await Promise.all([again.claims.end(), b.claims.end()]);
  });

  it('a one-shot process (keepDestinations: false) releases a destination once its queue is drained', async () => {
    const clock = createTestClock(TICK.toISOString());
    const oneShot = startCycleClaims({ store, clock, logger: recordingLogger(), replica: { id: 'once', leaseMs: LEASE_MS }, tick: TICK, keepDestinations: false });
    expect(await oneShot.claimDestination('discord')).toBe(true);
    await oneShot.keepDestination('discord');
    await oneShot.end();
    const b = start('b', clock);
    expect(await b.claims.claimDestination('discord')).toBe(true);
    await b.claims.end();
  });

  it('end() releases everything held and never throws', async () => {
    const a = start('a');
    await a.claims.claimSource('lwn');
    await a.claims.claimDestination('discord');
    await a.claims.end();
    const b = start('b');
    expect(await b.claims.claimDestination('discord')).toBe(true);
    await store.close();
    await expect(b.claims.end()).resolves.toBeUndefined();
    expect(b.logger.warnings).toContain('could not release a claim (it expires with its lease)');
    store = openSqliteStore(':memory:');
  });

  it('a hold before a send that the database does not confirm sends nothing, and says why', async () => {
    const b = start('b');
    expect(await b.claims.claimDestination('discord')).toBe(true);
    await store.close();
    expect(await b.claims.holdForSend('discord', 40_000)).toBe(false);
    expect(b.logger.warnings).toContain('could not extend the claim on a destination before a send; sending nothing more there this cycle');
    store = openSqliteStore(':memory:');
  });
});

describe('previousFireTime (the tick a cycle at start serves)', () => {
  it.each([
    ['*/10 * * * *', '2026-11-23T12:34:56.789Z', 'UTC', '2026-11-23T12:30:00.000Z'],
    ['*/10 * * * *', '2026-11-23T12:30:00.000Z', 'UTC', '2026-11-23T12:30:00.000Z'],
    ['*/2 * * * * *', '2026-11-23T12:00:03.500Z', 'UTC', '2026-11-23T12:00:02.000Z'],
    ['0 9 * * 1-5', '2026-11-28T15:00:00.000Z', 'UTC', '2026-11-27T09:00:00.000Z'],
    ['0 9 * * *', '2026-11-23T10:00:00.000Z', 'Europe/Paris', '2026-11-23T08:00:00.000Z'],
  ])('%s at %s (%s): %s', async (expression, now, timezone, expected) => {
    expect((await previousFireTime(expression, new Date(now), timezone)).toISOString()).toBe(expected);
  });
});
