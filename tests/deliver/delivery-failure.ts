import { inspect } from 'node:util';
import { expect } from 'vitest';
import { DeliveryError } from '../../src/errors/delivery-error.js';
import type { Delivery, Destination } from '../../src/deliver/destination.js';

/** The DeliveryError `promise` rejects with (fails the test if it resolves or rejects otherwise). */
export async function deliveryFailure(promise: Promise<unknown>): Promise<DeliveryError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DeliveryError);
  return caught as DeliveryError;
}

/** The error as a logger would print it, causes included. */
export function printed(error: unknown): string {
  return `${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;
}

/** Resolves once `condition` holds (polls; never asserts on time). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** Sends one delivery as a batch of one: resolves when delivered, rejects with its DeliveryError. */
export async function sendOne(destination: Destination, delivery: Delivery, signal?: AbortSignal): Promise<void> {
  const [result] = await destination.send([delivery], signal);
  if (result === undefined) throw new Error('send returned no result for the one delivery');
  if (!result.delivered) throw result.error;
}
