import { DeliveryError } from '../errors/delivery-error.js';
import type { Delivery, SendResult, StoryResult } from './destination.js';

/**
 * `Destination.send` for a kind that posts one message per delivery: posts them in order with
 * `post` (which says, for a delivery with a story, what it did: see `StoryResult`), and stops at the first failure (the deliveries after it are not attempted).
 */
export async function sendOneByOne(
  destination: string,
  deliveries: readonly Delivery[],
  post: (delivery: Delivery) => Promise<StoryResult | void>,
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (const delivery of deliveries) {
    try {
      const story = await post(delivery);
      results.push(story === undefined ? { delivered: true } : { delivered: true, story });
    } catch (caught) {
      results.push({ delivered: false, error: asDeliveryError(caught, destination) });
      break;
    }
  }
  return results;
}

/** A `DeliveryError` as is; anything else (a bug, an unexpected failure) is retried rather than lost. */
export function asDeliveryError(error: unknown, destination: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  return new DeliveryError(`unexpected error: ${(error as Error)?.message ?? String(error)}`, { destination, outcome: 'retry' }, { cause: error });
}
