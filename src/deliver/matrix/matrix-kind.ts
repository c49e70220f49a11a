import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { checkOptions, commonKeys } from '../kind-settings.js';
import { requestTimeoutMs, requestTimeoutSetting } from '../request-timeout.js';
import { checkMatrixOptions, createMatrixDestination, type MatrixDestinationOptions } from './matrix-destination.js';

/** `type: matrix` (Tchap is Matrix): a bot account posting to one room. */
export const matrixKind = defineKind({
  kind: 'matrix',
  type: 'matrix',
  digests: true,
  claims: () => true,
  schema: z.strictObject({
    ...commonKeys('matrix'),
    homeserver: z.string(),
    room_id: z.string(),
    access_token: z.string(),
    timeout: requestTimeoutSetting.optional(),
  }),
  check(entry, { name }) {
    const options: MatrixDestinationOptions = {
      name,
      homeserver: entry.homeserver,
      roomId: entry.room_id,
      accessToken: entry.access_token,
      timeoutMs: requestTimeoutMs(entry.timeout),
    };
    return checkOptions(options, checkMatrixOptions, { homeserver: 'homeserver', roomId: 'room_id', accessToken: 'access_token', timeoutMs: 'timeout' });
  },
  create: (options, deps) => createMatrixDestination({ ...options, timeZone: deps.timeZone }),
});
