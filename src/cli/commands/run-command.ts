import { systemClock } from '../../clock/clock.js';
import { HttpServerError } from '../../errors/http-server-error.js';
import { StateInUseError } from '../../errors/state-in-use-error.js';
import type { HttpEndpoint } from '../../http/http-server.js';
import { createApp } from '../../main.js';
import { startSchedule } from '../../schedule/scheduler.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { createRunMonitoring, type RunMonitoring } from '../run-monitoring.js';

export interface RunOptions {
  /** `--http PORT`: overrides `settings.http_port`. */
  readonly httpPort?: number;
  /** `--http-host HOST`, default 127.0.0.1. */
  readonly httpHost?: string;
}

export const DEFAULT_HTTP_HOST = '127.0.0.1';

/**
 * `veille run`: a first cycle at start, then one per cron tick, never overlapping. With `--http PORT`
 * (or `settings.http_port`): `/healthz`, `/readyz` and `/metrics` on that port. On SIGINT/SIGTERM:
 * `/readyz` turns 503, no new cycle, the deliveries in flight finish, the endpoint and the database
 * are closed, exit 0. Exit 1 when the endpoint cannot listen, 2 on invalid config.
 */
export async function runCommand(context: CommandContext, options: RunOptions = {}): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const { logger, io } = context;
  const port = options.httpPort ?? config.settings.httpPort;
  if (port === undefined && options.httpHost !== undefined) {
    io.err.write('veille run: --http-host needs --http PORT (or settings.http_port)\n');
    return EXIT_USAGE;
  }
  const dbPath = context.runtime.dbPath;
  const monitoring: RunMonitoring | undefined =
    port === undefined ? undefined : createRunMonitoring(config, { host: options.httpHost ?? DEFAULT_HTTP_HOST, port }, { logger, dbPath, clock: systemClock, ...(context.runtime.httpToken === undefined ? {} : { httpToken: context.runtime.httpToken }) });
  const app = createApp(config, { dbPath, logger, write: io.out, ...(monitoring === undefined ? {} : { observer: monitoring.observer }) });
  let endpoint: HttpEndpoint | undefined;
  try {
    await app.claimState();
    endpoint = await monitoring?.start(app.store);
  } catch (error) {
    await app.close();
    if (error instanceof StateInUseError) {
      logger.error({ path: error.path, pid: error.holder.pid, host: error.holder.host }, error.message);
      return EXIT_FAILURE;
    }
    if (!(error instanceof HttpServerError)) throw error;
    logger.error({ host: error.host, port: error.port, code: error.code }, error.message);
    return EXIT_FAILURE;
  }
  logger.info(
    { sources: config.sources.length, watches: config.watches.length, schedule: config.schedule, db: dbPath, ...(endpoint === undefined ? {} : { http: endpoint.url }) },
    'veille started',
  );
  // Readiness turns off at the signal, even while a cycle is still finishing.
  if (monitoring !== undefined) io.shutdown.addEventListener('abort', () => monitoring.stopping(), { once: true });
  const schedule = startSchedule(
    config.schedule,
    async () => {
      if (io.shutdown.aborted) return;
      await app.runCycle(io.shutdown);
    },
    logger,
    config.settings.timezone,
  );
  try {
    await schedule.runNow();
    if (!io.shutdown.aborted) await new Promise<void>((resolve) => io.shutdown.addEventListener('abort', () => resolve(), { once: true }));
    logger.info({}, 'stopping: finishing the deliveries in flight');
  } finally {
    monitoring?.stopping();
    await schedule.stop();
    await endpoint?.close();
    await app.close();
  }
  logger.info({}, 'stopped');
  return EXIT_OK;
}
