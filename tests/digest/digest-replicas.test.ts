import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchConfig } from '../../src/config/config-types.js';
import { startCycleClaims } from '../../src/cycle/replica-claims.js';
import { createConsoleDestination } from '../../src/deliver/console/console-destination.js';
import type { Destination } from '../../src/deliver/destination.js';
import { createPacer } from '../../src/deliver/pacer.js';
import { DEFAULT_RETRY_POLICY } from '../../src/deliver/retry-policy.js';
import { sendDueDigests } from '../../src/digest/send-digests.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { createTestClock } from '../helpers/test-clock.js';
import { feedItem, success, T0 } from '../store/helpers/store-fixtures.js';

// Replicas share one store: a digest goes out from the replica that holds its destination's claim,
// never from two at once (the claims behave the same on both engines: tests/store/contract).
const tempDir = useTempDirs();
const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const watch = { name: 'rust', to: ['console'], digests: { console: '0 12 * * *' } } as unknown as WatchConfig;

async function setup() {
  const store = openSqliteStore(join(await tempDir(), 'veille.db'));
  stores.push(store);
  await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')], [{ destination: 'console', watch: 'rust', terms: ['rust'], digest: true }]));
  const clock = createTestClock('2025-03-01T12:00:05.000Z'); // five seconds after the digest's fire time
  const replica = (id: string) => {
    const lines: string[] = [];
    const claims = startCycleClaims({ store, clock, logger: silentLogger, tick: clock.now(), replica: { id, leaseMs: 60_000 } });
    const send = () =>
      sendDueDigests({
        store, watches: [watch], timeZone: 'UTC', clock, logger: silentLogger, retry: DEFAULT_RETRY_POLICY, claims,
        destinations: [{ destination: createConsoleDestination('console', (text) => lines.push(text), 'UTC'), pacer: createPacer([]) }],
      });
    return { lines, claims, send };
  };
  return { store, clock, replica };
}

describe('digests with several replicas', () => {
  it('is sent by the replica holding the destination; the other sends nothing, then nothing twice', async () => {
    const { replica } = await setup();
    const a = replica('a');
    const b = replica('b');
    expect(await b.claims.claimDestination('console')).toBe(true); // b drains the console queue at this tick

    expect(await a.send()).toEqual({ messages: 0, items: 0 });
    expect(await b.send()).toEqual({ messages: 1, items: 2 });
    expect(await a.send()).toEqual({ messages: 0, items: 0 });
    expect([a.lines.length, b.lines.length]).toEqual([0, 1]);
    await Promise.all([a.claims.end(), b.claims.end()]);
  });

  it('a digest message whose send outlasts the lease is not sent again by another replica meanwhile (the send holds the destination)', async () => {
    const { store, clock } = await setup();
    let release: () => void = () => undefined;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    /** Which replica printed each message. */
    const printedBy: string[] = [];
    const replicaSending = (id: string, slow: boolean) => {
      const claims = startCycleClaims({ store, clock, logger: silentLogger, tick: clock.now(), replica: { id, leaseMs: 60_000 } });
      const base = createConsoleDestination('console', () => printedBy.push(id), 'UTC');
      // A chat kind's request timeout, and (slow) a platform that answers when `hold` settles.
      const destination: Destination = {
        ...base,
        requestTimeoutMs: 10_000,
        renderDigest: (digest) =>
          (base.renderDigest?.(digest) ?? []).map((message) => ({
            ...message,
            async send(signal) {
              entered = true;
              if (slow) await hold;
              return message.send(signal);
            },
          })),
      };
      const send = () => sendDueDigests({ store, watches: [watch], timeZone: 'UTC', clock, logger: silentLogger, retry: DEFAULT_RETRY_POLICY, claims, destinations: [{ destination, pacer: createPacer([]) }] });
      return { claims, send };
    };
    const a = replicaSending('a', true);
    const sendingA = a.send();
    while (!entered) await new Promise((resolve) => setImmediate(resolve));
    // A's message is in flight, past the lease A had when it started.
    clock.advance(61_000);
    const b = replicaSending('b', false);
    expect(await b.send()).toEqual({ messages: 0, items: 0 });
    release();
    expect(await sendingA).toEqual({ messages: 1, items: 2 });
    expect(printedBy).toEqual(['a']);
    await Promise.all([a.claims.end(), b.claims.end()]);
  });

  it('two replicas asking at once send the digest once', async () => {
    const { replica } = await setup();
    const a = replica('a');
    const b = replica('b');
    const reports = await Promise.all([a.send(), b.send()]);
    expect(reports.map((report) => report.items).sort()).toEqual([0, 2]);
    expect(a.lines.length + b.lines.length).toBe(1);
    await Promise.all([a.claims.end(), b.claims.end()]);
  });
});
