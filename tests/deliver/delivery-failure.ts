import { inspect } from 'node:util';
import { expect } from 'vitest';
import { DeliveryError } from '../../src/errors/delivery-error.js';

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
