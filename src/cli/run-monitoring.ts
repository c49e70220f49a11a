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
import type { ReloadObserver } from '../reload/reload-observer.js';
import type { Store } from '../store/store.js';
import { createAccess } from '../web/access.js';
import { guardMetrics, webRoutes } from '../web/web-routes.js';
import { combineObservers } from './combine-observers.js';

export interface HttpListen {
  readonly host: string;
  readonly port: number;
}

/** `veille run`'s health and metrics endpoint: wiring only (metrics, health tracking, HTTP server). */
export interface RunMonitoring {
  /** For `createApp`. */
  readonly observer: CycleObserver;
  /** For the config reloader (`/metrics` shows reloads). */
  readonly reloads: ReloadObserver;
  /**
   * Opens the endpoint once the app (its store) exists; `current`: the configuration now (a reload
   * changes it: the metrics' sources and the web pages follow it). @throws HttpServerError
   */
  start(store: Store, current?: () => VeilleConfig): Promise<HttpEndpoint>;
  /** Shutdown began: `/readyz` answers 503 from now on. */
  stopping(): void;
}

export function createRunMonitoring(
  config: VeilleConfig,
  listen: HttpListen,
  deps: { readonly logger: Logger; readonly dbPath: string; readonly clock: Clock; readonly httpToken?: string; readonly sharedDatabase?: boolean },
): RunMonitoring {
  const metrics = createMetrics({ destinations: config.destinations.map((destination) => destination.name) });
  const health = createHealthTracker(deps.clock);
  return {
    observer: combineObservers([metrics.observer, health.observer]),
    reloads: metrics.reloads,
    stopping: () => health.stopping(),
    async start(store, current = () => config) {
      metrics.watchStore(store, () => current().sources.map((source) => source.name));
      const limitMs = healthLimitMs(await longestScheduleGapMs(config.schedule, config.settings.timezone));
      const monitoring = monitoringRoutes({ health, clock: deps.clock, limitMs, checkDatabase: createDatabaseCheck(store), registry: metrics.registry, databaseInLiveness: deps.sharedDatabase !== true });
      const web = createWebEndpoint(config, current, listen.host, store, health, deps);
      const routes = new Map([...monitoring, ...web.routes].map(([path, handler]) => [path, path === '/metrics' ? guardMetrics(handler, web.access) : handler]));
      const endpoint = await startHttpServer({ host: listen.host, port: listen.port, routes, postRoutes: web.postRoutes, logger: deps.logger });
      deps.logger.info({ url: endpoint.url, host: endpoint.host, port: endpoint.port, paths: [...monitoring.keys()], limitSeconds: Math.round(limitMs / 1000) }, 'http endpoint listening');
      web.announce(endpoint.url);
      return endpoint;
    },
  };
}

/** The web pages (src/web/) and who may read them; `announce` logs the access mode once the endpoint listens. */
function createWebEndpoint(
  config: VeilleConfig,
  current: () => VeilleConfig,
  host: string,
  store: Store,
  health: { cycleDurations(): readonly { startedAt: string; durationMs: number }[] },
  deps: { readonly logger: Logger; readonly httpToken?: string },
) {
  const access = createAccess({ host, metricsPublic: config.settings.metricsPublic ?? false, ...(deps.httpToken === undefined ? {} : { token: deps.httpToken }) });
  const { routes, postRoutes } = webRoutes({ config: current, store, access, cycles: () => health.cycleDurations() });
  return {
    access,
    routes,
    postRoutes,
    announce(url: string) {
      if (access.mode === 'loopback-clients') {
        deps.logger.warn({ host }, 'web pages answer loopback clients only: --http-host is not a loopback address and VEILLE_HTTP_TOKEN is not set (health and metrics stay open)');
      }
      deps.logger.info({ url: `${url}/sources`, access: access.mode }, 'web pages listening');
    },
  };
}
