import { createHash } from 'node:crypto';
import { DestinationSettingsError } from '../../errors/destination-settings-error.js';
import { assertTimeZone } from '../../render/format-date.js';
import { checkApiBase } from '../endpoint.js';
import { checkTimeoutMs } from '../request-timeout.js';
import type { MatrixDestinationOptions } from './matrix-destination.js';

// The checks of the Matrix kind and its fingerprint, without its client and renderers: config
// validation and the kind's create run them without loading the client (see lazy-destination.ts).

const ROOM_ID = /^![^:\s]+:\S+$/;

/** The checks `createMatrixDestination` runs (config validation runs the same). @throws DestinationSettingsError */
export function checkMatrixOptions(options: MatrixDestinationOptions): { homeserver: string; timeoutMs: number } {
  const homeserver = checkApiBase(options.name, 'homeserver', options.homeserver);
  if (!ROOM_ID.test(options.roomId)) {
    throw new DestinationSettingsError(options.name, 'roomId', `must be a room id such as !abcdef:example.org (room settings → Advanced), got "${options.roomId.slice(0, 40)}"`);
  }
  if (!/^\S+$/.test(options.accessToken)) throw new DestinationSettingsError(options.name, 'accessToken', 'is empty or holds spaces');
  const timeoutMs = checkTimeoutMs(options.name, options.timeoutMs);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  return { homeserver, timeoutMs };
}

/** The room and a hash of the token: a new token (the old one revoked) is a settings change that re-enables a disabled destination. */
export function matrixFingerprint(homeserver: string, roomId: string, accessToken: string): string {
  return createHash('sha256').update(`matrix:${homeserver}\n${roomId}\n${createHash('sha256').update(accessToken).digest('hex')}`).digest('hex');
}
