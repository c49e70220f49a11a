import type { Clock } from '../clock/clock.js';
import type { VeilleConfig } from '../config/config-types.js';
import type { CycleObserver } from '../cycle/cycle-observer.js';
import { createDatabaseCheck } from '../http/database-check.js';
import { healthLimitMs } from '../http/evaluate-health.js';
import { createHealthTracker } from '../http/health-tracker.js';
import { startHttpServer, type HttpEndpoint } from '../http/http-server.js';
import { monitoringRoutes } from '../http/monitoring-routes.js';
import { longestScheduleGapMs } from '../http/schedule-gap.js';
import type { Logger } from '../log/logger.js';
import { createMetrics } from '../metrics/create-metrics.js';
import type { Store } from '../store/store.js';
import { combineObservers } from './combine-observers.js';

export interface HttpListen {
  readonly host: string;
  readonly port: number;
}

/** `veille run`'s health and metrics endpoint: wiring only (metrics, health tracking, HTTP server). */
export interface RunMonitoring {
  /** For `createApp`. */
  readonly observer: CycleObserver;
  /** Opens the endpoint once the app (its store) exists. @throws HttpServerError */
  start(store: Store): Promise<HttpEndpoint>;
  /** Shutdown began: `/readyz` answers 503 from now on. */
  stopping(): void;
}

export function createRunMonitoring(
  config: VeilleConfig,
  listen: HttpListen,
  deps: { readonly logger: Logger; readonly dbPath: string; readonly clock: Clock },
): RunMonitoring {
  const metrics = createMetrics({ destinations: config.destinations.map((destination) => destination.name) });
  const health = createHealthTracker(deps.clock);
  return {
    observer: combineObservers([metrics.observer, health.observer]),
    stopping: () => health.stopping(),
    async start(store) {
      metrics.watchStore(store, config.sources.map((source) => source.name));
      const limitMs = healthLimitMs(await longestScheduleGapMs(config.schedule, config.settings.timezone));
      const routes = monitoringRoutes({ health, clock: deps.clock, limitMs, checkDatabase: createDatabaseCheck(store), registry: metrics.registry });
      const endpoint = await startHttpServer({ host: listen.host, port: listen.port, routes, logger: deps.logger });
      deps.logger.info({ url: endpoint.url, host: endpoint.host, port: endpoint.port, paths: [...routes.keys()], limitSeconds: Math.round(limitMs / 1000) }, 'http endpoint listening');
      return endpoint;
    },
  };
}
