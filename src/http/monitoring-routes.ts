import type { Registry } from 'prom-client';
import type { Clock } from '../clock/clock.js';
import { readinessCheck, schedulerCheck, type CheckOutcome } from './evaluate-health.js';
import type { HealthTracker } from './health-tracker.js';
import type { HttpHandler, HttpReply } from './http-server.js';

export interface MonitoringRouteDeps {
  readonly health: Pick<HealthTracker, 'snapshot'>;
  readonly clock: Clock;
  /** See `healthLimitMs`. */
  readonly limitMs: number;
  readonly checkDatabase: () => Promise<CheckOutcome>;
  readonly registry: Registry;
}

const json = (ok: boolean, body: unknown): HttpReply => ({
  status: ok ? 200 : 503,
  contentType: 'application/json; charset=utf-8',
  body: `${JSON.stringify(body)}\n`,
});

/**
 * - `/healthz` (liveness): the scheduler shows activity within the limit, and the database answers;
 * - `/readyz` (readiness): a cycle finished within the limit, and veille is not shutting down;
 * - `/metrics`: Prometheus text format.
 */
export function monitoringRoutes(deps: MonitoringRouteDeps): ReadonlyMap<string, HttpHandler> {
  return new Map<string, HttpHandler>([
    [
      '/healthz',
      async () => {
        const scheduler = schedulerCheck(deps.health.snapshot(), deps.clock.now(), deps.limitMs);
        const database = await deps.checkDatabase();
        const ok = scheduler.ok && database.ok;
        return json(ok, { status: ok ? 'ok' : 'fail', checks: { scheduler: scheduler.detail, database: database.detail } });
      },
    ],
    [
      '/readyz',
      async () => {
        const ready = readinessCheck(deps.health.snapshot(), deps.clock.now(), deps.limitMs);
        return json(ready.ok, ready.detail);
      },
    ],
    ['/metrics', async () => ({ status: 200, contentType: deps.registry.contentType, body: await deps.registry.metrics() })],
  ]);
}
