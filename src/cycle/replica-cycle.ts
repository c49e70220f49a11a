import type { Clock } from '../clock/clock.js';
import type { VeilleConfig } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import { previousFireTime } from '../schedule/previous-fire-time.js';
import type { Store } from '../store/store.js';
import { DEFAULT_REPLICA_LEASE_MS, startCycleClaims, type CycleClaims } from './replica-claims.js';

/**
 * The claims of one cycle of a replica: at `tick` (the cron fire time; a cycle run at start serves
 * the schedule's latest fire time, a one-shot cycle (`veille once`) now), with `settings.replica_lease`.
 */
export async function replicaCycleClaims(
  config: VeilleConfig,
  deps: { readonly store: Store; readonly clock: Clock; readonly logger: Logger; readonly replicaId: string; readonly tick?: Date; readonly oneShot: boolean },
): Promise<CycleClaims> {
  const tick = deps.tick ?? (deps.oneShot ? deps.clock.now() : await previousFireTime(config.schedule, deps.clock.now(), config.settings.timezone));
  return startCycleClaims({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    replica: { id: deps.replicaId, leaseMs: config.settings.replicaLeaseMs ?? DEFAULT_REPLICA_LEASE_MS },
    tick,
    keepDestinations: !deps.oneShot,
  });
}
