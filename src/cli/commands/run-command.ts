import { systemClock } from '../../clock/clock.js';
import { runtimeClock } from '../../clock/runtime-clock.js';
import { startDigestTimers } from '../../digest/digest-timers.js';
import { HttpServerError } from '../../errors/http-server-error.js';
import { StateInUseError } from '../../errors/state-in-use-error.js';
import type { HttpEndpoint } from '../../http/http-server.js';
import { appStoreChoice, type App } from '../../main.js';
import { describeStore } from '../../store/open-store.js';
import { loadConfig } from '../../config/load-config.js';
import { startConfigReloads } from '../../reload/start-config-reloads.js';
import { startSchedule } from '../../schedule/scheduler.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { createRunMonitoring, type RunMonitoring } from '../run-monitoring.js';
import { openRunApp } from '../open-run-app.js';
import { databaseOf } from '../store-options.js';

export interface RunOptions {
  /** `--http PORT`: overrides `settings.http_port`. */
  readonly httpPort?: number;
  /** `--http-host HOST`, default 127.0.0.1. */
  readonly httpHost?: string;
}

export const DEFAULT_HTTP_HOST = '127.0.0.1';

/**
 * Claims the state file. A holder on this host is alive (its pid was checked): refused, exit 1.
 * A holder on another host cannot be checked from here: most often the container this one
 * replaces, killed without releasing its claim, so wait until its claim expires (it is renewed
 * while the holder lives), saying when, rather than exit and be restarted in a loop.
 */
async function claimStateWaiting(app: App, context: CommandContext): Promise<'claimed' | 'refused' | 'stopped'> {
  const { logger, io } = context;
  for (;;) {
    try {
      await app.claimState();
      return 'claimed';
    } catch (error) {
      if (!(error instanceof StateInUseError)) throw error;
      const fields = { path: error.path, pid: error.holder.pid, host: error.holder.host, expiresAt: error.expiresAt };
      if (error.holderOnThisHost) {
        logger.error(fields, error.message);
        return 'refused';
      }
      const waitMs = Math.max(Date.parse(error.expiresAt) - systemClock.now().getTime(), 0) + 1_000;
      logger.warn(
        { ...fields, waitSeconds: Math.round(waitMs / 1000) },
        `state file held by pid ${error.holder.pid} on host ${error.holder.host}, which cannot be checked from this host; ` +
          `its claim frees at ${error.expiresAt} unless that veille is alive and renews it: waiting ` +
          '(a stable hostname for the container lets its replacement take over at once; see docs/operations.md)',
      );
      await systemClock.sleep(waitMs, io.shutdown).catch(() => undefined);
      if (io.shutdown.aborted) return 'stopped';
    }
  }
}

/**
 * `veille run`: a first cycle at start, then one per cron tick, never overlapping. With `--http PORT`
 * (or `settings.http_port`): `/healthz`, `/readyz` and `/metrics` on that port. On SIGINT/SIGTERM:
 * `/readyz` turns 503, no new cycle, the deliveries in flight finish, the endpoint and the database
 * are closed, exit 0. On SIGHUP or a change in the config directory: the configuration is loaded again
 * and, when valid, applies from the next cycle (see src/reload/). Exit 1 when the endpoint cannot listen or a live veille on this host holds the
 * state file, 2 on invalid config.
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
  const shared = appStoreChoice(config, databaseOf(context)).engine === 'postgres';
  const monitoring: RunMonitoring | undefined =
    port === undefined ? undefined : createRunMonitoring(config, { host: options.httpHost ?? DEFAULT_HTTP_HOST, port }, { logger, dbPath, clock: systemClock, sharedDatabase: shared, ...(context.runtime.httpToken === undefined ? {} : { httpToken: context.runtime.httpToken }) });
  const clock = runtimeClock(context.runtime);
  const { app, connect } = await openRunApp(config, { ...databaseOf(context), logger, write: io.out, clock, ...(monitoring === undefined ? {} : { observer: monitoring.observer }) });
  let endpoint: HttpEndpoint | undefined;
  try {
    // The endpoint first: a replica waiting for the state file or its database is alive (/healthz), not ready.
    // The pages and metrics follow reloads: a source or watch added shows up once it is loaded.
    endpoint = await monitoring?.start(app.store, () => app.loadedConfig);
    const claimed = (await connect(io.shutdown)) ? await claimStateWaiting(app, context) : 'stopped';
    if (claimed !== 'claimed') {
      await endpoint?.close();
      await app.close();
      return claimed === 'stopped' ? EXIT_OK : EXIT_FAILURE;
    }
  } catch (error) {
    await endpoint?.close();
    await app.close();
    if (!(error instanceof HttpServerError)) throw error;
    logger.error({ host: error.host, port: error.port, code: error.code }, error.message);
    return EXIT_FAILURE;
  }
  logger.info(
    { sources: config.sources.length, watches: config.watches.length, schedule: config.schedule, replica: app.replicaId, db: describeStore(appStoreChoice(config, databaseOf(context))), ...(endpoint === undefined ? {} : { http: endpoint.url }) },
    'veille started',
  );
  // Readiness turns off at the signal, even while a cycle is still finishing.
  if (monitoring !== undefined) io.shutdown.addEventListener('abort', () => monitoring.stopping(), { once: true });
  // Each digest fires at its own time, whatever the poll schedule; re-armed after each cycle (reloads apply then).
  const digestTimers = startDigestTimers(config.watches, config.settings.timezone, () => app.sendDigests(io.shutdown), { clock, logger });
  const schedule = startSchedule(
    config.schedule,
    async (firedAt) => {
      if (io.shutdown.aborted) return;
      await app.runCycle(io.shutdown, firedAt);
      if (!io.shutdown.aborted) digestTimers.rearm(app.config.watches, app.config.settings.timezone);
    },
    logger,
    config.settings.timezone,
  );
  const reloads = startConfigReloads({
    dir: context.configDir, config, load: () => loadConfig(context.configDir, context.runtime), app, schedule, logger, clock: systemClock,
    ...(monitoring === undefined ? {} : { observer: monitoring.reloads }),
    ...(io.onHangup === undefined ? {} : { onHangup: io.onHangup }),
  });
  try {
    await schedule.runNow();
    if (!io.shutdown.aborted) await new Promise<void>((resolve) => io.shutdown.addEventListener('abort', () => resolve(), { once: true }));
    logger.info({}, 'stopping: finishing the deliveries in flight');
  } finally {
    reloads.stop();
    digestTimers.stop();
    monitoring?.stopping();
    await schedule.stop();
    await endpoint?.close();
    await app.close();
  }
  logger.info({}, 'stopped');
  return EXIT_OK;
}
