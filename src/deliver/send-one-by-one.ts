import { DeliveryError } from '../errors/delivery-error.js';
import type { Delivery, SendResult } from './destination.js';

/**
 * `Destination.send` for a kind that posts one message per delivery: posts them in order with
 * `post`, and stops at the first failure (the deliveries after it are not attempted).
 */
export async function sendOneByOne(
  destination: string,
  deliveries: readonly Delivery[],
  post: (delivery: Delivery) => Promise<void>,
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  for (const delivery of deliveries) {
    try {
      await post(delivery);
      results.push({ delivered: true });
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
