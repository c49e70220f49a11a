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
  /**
   * Whether an unreachable database fails `/healthz` too (default true: a lost state file needs a
   * restart). False for PostgreSQL: a restart does not bring the server back, `/readyz` says it.
   */
  readonly databaseInLiveness?: boolean;
}

const json = (ok: boolean, body: unknown): HttpReply => ({
  status: ok ? 200 : 503,
  contentType: 'application/json; charset=utf-8',
  body: `${JSON.stringify(body)}\n`,
});

/**
 * - `/healthz` (liveness): the scheduler shows activity within the limit, and the database answers
 *   (reported, not required, with `databaseInLiveness: false`);
 * - `/readyz` (readiness): a cycle finished within the limit, veille is not shutting down, and the
 *   database answers;
 * - `/metrics`: Prometheus text format.
 */
export function monitoringRoutes(deps: MonitoringRouteDeps): ReadonlyMap<string, HttpHandler> {
  return new Map<string, HttpHandler>([
    [
      '/healthz',
      async () => {
        const scheduler = schedulerCheck(deps.health.snapshot(), deps.clock.now(), deps.limitMs);
        const database = await deps.checkDatabase();
        const ok = scheduler.ok && (database.ok || deps.databaseInLiveness === false);
        return json(ok, { status: ok ? 'ok' : 'fail', checks: { scheduler: scheduler.detail, database: database.detail } });
      },
    ],
    [
      '/readyz',
      async () => {
        const ready = readinessCheck(deps.health.snapshot(), deps.clock.now(), deps.limitMs);
        if (!ready.ok) return json(false, ready.detail);
        const database = await deps.checkDatabase();
        if (!database.ok) return json(false, { status: 'fail', reason: `database: ${String((database.detail as { reason?: unknown }).reason ?? 'not answering')}` });
        return json(true, ready.detail);
      },
    ],
    ['/metrics', async () => ({ status: 200, contentType: deps.registry.contentType, body: await deps.registry.metrics() })],
  ]);
}
