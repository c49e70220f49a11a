import { z } from 'zod';
import { parseDuration } from '../config/duration.js';
import { DestinationSettingsError } from '../errors/destination-settings-error.js';

/** Per request to a chat API, unless the destination sets `timeout`. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const MIN_MS = 1_000;
const MAX_MS = 120_000;

/** The `timeout:` setting of a destination: a duration from 1s to 2m. */
export const requestTimeoutSetting = z
  .string()
  .refine((text) => {
    const ms = parseDuration(text);
    return ms !== undefined && ms >= MIN_MS && ms <= MAX_MS;
  }, 'expected a duration from 1s to 2m, such as 15s');

/** Ms of a validated `timeout:` setting (the default when absent). */
export function requestTimeoutMs(text: string | undefined): number {
  return text === undefined ? DEFAULT_REQUEST_TIMEOUT_MS : (parseDuration(text) ?? DEFAULT_REQUEST_TIMEOUT_MS);
}

/** A timeout given to a client in code: a positive integer of ms (default 10 s). */
export function checkTimeoutMs(destination: string, timeoutMs: number | undefined): number {
  const value = timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isInteger(value) || value <= 0) throw new DestinationSettingsError(destination, 'timeoutMs', `must be a positive integer, got ${value}`);
  return value;
}
