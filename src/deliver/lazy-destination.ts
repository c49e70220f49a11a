import type { Digest, DigestMessage } from './digest-message.js';
import type { Destination } from './destination.js';
import { asDeliveryError } from './send-one-by-one.js';

/** What a destination says of itself before its client exists. */
export type DestinationIdentity = Pick<Destination, 'name' | 'type' | 'pacing' | 'batchLimit' | 'fingerprint' | 'requestTimeoutMs'>;

/** How many stories each message of a digest holds: the kind's pure digest renderer. */
export type DigestParts = (digest: Digest) => readonly { readonly stories: number }[];

/**
 * A destination whose client is built on its first send. The module that builds it, its renderers
 * and the SDK that module imports (discord.js, Slack's), load then and not with the configuration:
 * a process that posts nothing (a seeding `veille once`, a cycle of 304s, `veille check`) never
 * loads them.
 * The caller runs the kind's checks before (they throw as `create` always did) and gives the
 * identity the real client has (tests/deliver/lazy-destination.test.ts compares them).
 */
export function lazyDestination(
  identity: DestinationIdentity,
  build: () => Promise<Destination>,
  /**
   * For kinds that send digests: loads the kind's pure digest renderer (no SDK needed), which says
   * how many stories each message of a digest holds (`prepareDigest`). Each message's `send` builds
   * the client, renders the digest with it (the same, deterministic rendering) and sends that message.
   */
  loadDigestParts?: () => Promise<DigestParts>,
): Destination {
  let client: Promise<Destination> | undefined;
  const load = (): Promise<Destination> => (client ??= build());
  let digestParts: DigestParts | undefined;
  const renderDigest = (digest: Digest): DigestMessage[] => {
    if (digestParts === undefined) throw new Error(`the ${identity.type} destination "${identity.name}" rendered a digest before prepareDigest() loaded its renderer`);
    return digestParts(digest).map((part, index) => ({
      stories: part.stories,
      async send(signal) {
        try {
          const message = (await load()).renderDigest?.(digest)[index];
          if (message === undefined) throw new Error(`the ${identity.type} client rendered this digest otherwise`);
          return await message.send(signal);
        } catch (error) {
          return { delivered: false, error: asDeliveryError(error, identity.name) } as const;
        }
      },
    }));
  };
  return {
    name: identity.name,
    type: identity.type,
    pacing: identity.pacing,
    batchLimit: identity.batchLimit,
    fingerprint: identity.fingerprint,
    ...(identity.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: identity.requestTimeoutMs }),
    send: async (deliveries, signal) => (await load()).send(deliveries, signal),
    ...(loadDigestParts === undefined
      ? {}
      : {
          renderDigest,
          async prepareDigest() {
            digestParts ??= await loadDigestParts();
          },
        }),
    async close(): Promise<void> {
      // Never built: nothing to close. Built: the client's own close.
      if (client === undefined) return;
      const built = await client.catch(() => undefined);
      await built?.close();
    },
  };
}
