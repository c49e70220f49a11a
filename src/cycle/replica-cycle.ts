import type { Clock } from '../clock/clock.js';
import type { VeilleConfig } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import { previousFireTime } from '../schedule/previous-fire-time.js';
import type { Store } from '../store/store.js';
import { DEFAULT_REPLICA_LEASE_MS, startCycleClaims, type CycleClaims } from './replica-claims.js';

/**
 * The claims of one cycle of a replica: at `tick` (the cron fire time; a cycle run at start or by
 * `veille once` serves the schedule's latest fire time), with `settings.replica_lease`.
 */
export async function replicaCycleClaims(
  config: VeilleConfig,
  deps: { readonly store: Store; readonly clock: Clock; readonly logger: Logger; readonly replicaId: string; readonly tick?: Date },
): Promise<CycleClaims> {
  const tick = deps.tick ?? (await previousFireTime(config.schedule, deps.clock.now(), config.settings.timezone));
  return startCycleClaims({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    replica: { id: deps.replicaId, leaseMs: config.settings.replicaLeaseMs ?? DEFAULT_REPLICA_LEASE_MS },
    tick,
  });
}
