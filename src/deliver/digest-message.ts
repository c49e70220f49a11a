import { createHash } from 'node:crypto';
import type { Digest, DigestPart } from '../render/digest.js';
import type { SendResult } from './destination.js';
import { asDeliveryError } from './send-one-by-one.js';

export type { Digest, DigestLine, DigestPart, DigestStory } from '../render/digest.js';

/** One message of a rendered digest: the stories it holds (the next ones, in order) and how to post it. */
export interface DigestMessage {
  readonly stories: number;
  send(signal?: AbortSignal): Promise<SendResult>;
}

/**
 * At most 25 characters naming one message of a digest whatever the attempt: the digest and the first
 * story it holds (a digest resumed after a crash renders the stories left, so a message keeps its key).
 */
export function digestPartKey(digest: Digest, firstStory: number): string {
  const story = digest.stories[firstStory]?.storyKey ?? '';
  return createHash('sha256').update(`${digest.key}\n${story}`).digest('base64url').slice(0, 25);
}

/** Turns a kind's rendered parts into messages posted by `post` (a throw is a failed send, never a rejection). */
export function digestMessages<Body>(
  destination: string,
  digest: Digest,
  parts: readonly DigestPart<Body>[],
  post: (body: Body, idempotencyKey: string, signal: AbortSignal | undefined) => Promise<void>,
): DigestMessage[] {
  let first = 0;
  return parts.map((part) => {
    const key = digestPartKey(digest, first);
    first += part.stories;
    return {
      stories: part.stories,
      async send(signal) {
        try {
          await post(part.body, key, signal);
          return { delivered: true } as const;
        } catch (error) {
          return { delivered: false, error: asDeliveryError(error, destination) } as const;
        }
      },
    };
  });
}
