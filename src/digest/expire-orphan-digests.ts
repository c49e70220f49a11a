import type { Clock } from '../clock/clock.js';
import type { WatchConfig } from '../config/config-types.js';
import type { RetryPolicy } from '../deliver/retry-policy.js';
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/store.js';
import { digestSchedules } from './digest-schedules.js';

export const ORPHAN_DIGEST_REASON = 'not sent in time: its digest or destination left the configuration';

/**
 * Gives up the items collected for a (watch, destination) that no longer takes a digest (the digest
 * or the destination was removed): nothing would ever send them. As for the outbox, only once they
 * are older than the retry policy's `maxAgeMs`, so that a configuration put back within that time
 * (a reload gone wrong, a rolling restart) still sends them. One warning per pair; pruning forgets
 * them later, like sent ones. Returns how many items were given up.
 */
export async function expireOrphanDigests(deps: {
  readonly store: Store;
  readonly watches: readonly WatchConfig[];
  readonly clock: Pick<Clock, 'now'>;
  readonly retry: Pick<RetryPolicy, 'maxAgeMs'>;
  readonly logger: Logger;
}): Promise<number> {
  const now = deps.clock.now();
  const keep = digestSchedules(deps.watches).map(({ watch, destination }) => ({ watch, destination }));
  const expired = await deps.store.expireOrphanDigests(keep, new Date(now.getTime() - deps.retry.maxAgeMs).toISOString(), now.toISOString(), ORPHAN_DIGEST_REASON);
  for (const { watch, destination, count } of expired) {
    deps.logger.warn({ watch, destination, count }, 'gave up on digest items whose digest or destination left the configuration');
  }
  return expired.reduce((sum, { count }) => sum + count, 0);
}
