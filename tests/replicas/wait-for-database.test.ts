import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock/clock.js';
import { openStoreWaiting } from '../../src/cli/wait-for-database.js';
import { StoreError, type StoreErrorKind } from '../../src/errors/store-error.js';
import { createDeferredStore } from '../../src/store/deferred-store.js';
import type { Store } from '../../src/store/store.js';
import { silentLogger } from '../helpers/silent-logger.js';

const CHOICE = { engine: 'postgres', url: 'postgres://veille:s3cret@db:5432/veille' } as const;
const failure = (kind: StoreErrorKind) => new StoreError(`failed (${kind})`, { engine: 'postgres', path: 'postgres://veille:***@db:5432/veille', operation: 'open', kind });

/** A clock whose sleeps return at once and are recorded. */
function recordingClock(): Clock & { readonly sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => new Date('2026-12-06T00:00:00.000Z'), sleep: async (ms) => void sleeps.push(ms) };
}

describe('openStoreWaiting', () => {
  it('tries again while the database is unreachable, waiting 1 s, 2 s, 4 s... up to 30 s, and returns the store', async () => {
    const clock = recordingClock();
    const store = {} as Store;
    let attempts = 0;
    const open = async () => {
      attempts += 1;
      if (attempts <= 7) throw failure('unavailable');
      return store;
    };
    expect(await openStoreWaiting(CHOICE, { logger: silentLogger, clock, signal: new AbortController().signal, open })).toBe(store);
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it.each(['newer-schema', 'postgres', 'corrupt'] as const)('does not wait for a database that fails with %s: throws it', async (kind) => {
    const clock = recordingClock();
    await expect(openStoreWaiting(CHOICE, { logger: silentLogger, clock, signal: new AbortController().signal, open: async () => Promise.reject(failure(kind)) })).rejects.toMatchObject({ kind });
    expect(clock.sleeps).toEqual([]);
  });

  it('returns undefined once shutdown began', async () => {
    const controller = new AbortController();
    const clock = recordingClock();
    const open = async (): Promise<Store> => {
      controller.abort();
      throw failure('unavailable');
    };
    expect(await openStoreWaiting(CHOICE, { logger: silentLogger, clock, signal: controller.signal, open })).toBeUndefined();
  });
});

describe('createDeferredStore', () => {
  it('fails every call as unavailable until opened, then forwards to the real store', async () => {
    const deferred = createDeferredStore('postgres://veille:***@db:5432/veille');
    await expect(deferred.store.pendingCount()).rejects.toMatchObject({ name: 'StoreError', kind: 'unavailable', operation: 'pendingCount' });
    await expect(deferred.store.close()).resolves.toBeUndefined();
    expect(deferred.opened).toBe(false);
    deferred.open({ pendingCount: async () => 7 } as unknown as Store);
    expect(deferred.opened).toBe(true);
    expect(await deferred.store.pendingCount()).toBe(7);
  });
});
