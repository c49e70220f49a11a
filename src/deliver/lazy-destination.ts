import type { Destination } from './destination.js';

/** What a destination says of itself before its client exists. */
export type DestinationIdentity = Pick<Destination, 'name' | 'type' | 'pacing' | 'batchLimit' | 'fingerprint'>;

/**
 * A destination whose client is built on its first send. The module that builds it, and the SDK
 * that module imports (discord.js, Slack's), load then and not with the configuration: a process
 * that posts nothing (a seeding `veille once`, a cycle of 304s, `veille check`) never loads them.
 * The caller runs the kind's checks before (they throw as `create` always did) and gives the
 * identity the real client has (tests/deliver/lazy-destination.test.ts compares them).
 */
export function lazyDestination(identity: DestinationIdentity, build: () => Promise<Destination>): Destination {
  let client: Promise<Destination> | undefined;
  const load = (): Promise<Destination> => (client ??= build());
  return {
    name: identity.name,
    type: identity.type,
    pacing: identity.pacing,
    batchLimit: identity.batchLimit,
    fingerprint: identity.fingerprint,
    send: async (deliveries, signal) => (await load()).send(deliveries, signal),
    async close(): Promise<void> {
      // Never built: nothing to close. Built: the client's own close.
      if (client === undefined) return;
      const built = await client.catch(() => undefined);
      await built?.close();
    },
  };
}
