import { z } from 'zod';
import { defineKind } from '../destination-kind.js';
import { checkOptions, commonKeys } from '../kind-settings.js';
import { requestTimeoutMs, requestTimeoutSetting } from '../request-timeout.js';
import { lazyDestination } from '../lazy-destination.js';
import { checkMatrixOptions, matrixFingerprint } from './matrix-checks.js';
import type { MatrixDestinationOptions } from './matrix-destination.js';
import { MATRIX_BATCH_LIMIT, MATRIX_PACING } from './matrix-limits.js';

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
  // The client and its renderers load on the first post or digest (see lazy-destination.ts).
  create(options, deps) {
    const full = { ...options, timeZone: deps.timeZone };
    const { homeserver, timeoutMs } = checkMatrixOptions(full);
    const { name: _name, homeserver: _homeserver, roomId: _roomId, accessToken: _accessToken, timeoutMs: _timeoutMs, ...renderOptions } = full;
    return lazyDestination(
      { name: options.name, type: 'matrix', pacing: MATRIX_PACING, batchLimit: MATRIX_BATCH_LIMIT, fingerprint: matrixFingerprint(homeserver, options.roomId, options.accessToken), requestTimeoutMs: timeoutMs },
      async () => (await import('./matrix-destination.js')).createMatrixDestination(full),
      async () => {
        const { renderMatrixDigest } = await import('./render/matrix-digest.js');
        return (digest) => renderMatrixDigest(digest, renderOptions);
      },
    );
  },
});
