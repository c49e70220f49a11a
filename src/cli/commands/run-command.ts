import { createApp } from '../../main.js';
import { startSchedule } from '../../schedule/scheduler.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';

/**
 * `veille run`: a first cycle at start, then one per cron tick, never overlapping. On SIGINT/SIGTERM:
 * no new cycle, the deliveries in flight finish, the database is closed, exit 0.
 */
export async function runCommand(context: CommandContext): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const { logger, io } = context;
  const app = createApp(config, { dbPath: context.runtime.dbPath, logger, write: io.out });
  logger.info({ sources: config.sources.length, watches: config.watches.length, schedule: config.schedule, db: context.runtime.dbPath }, 'veille started');
  const schedule = startSchedule(
    config.schedule,
    async () => {
      if (!io.shutdown.aborted) await app.runCycle(io.shutdown);
    },
    logger,
    config.settings.timezone,
  );
  try {
    await schedule.runNow();
    if (!io.shutdown.aborted) await new Promise<void>((resolve) => io.shutdown.addEventListener('abort', () => resolve(), { once: true }));
    logger.info({}, 'stopping: finishing the deliveries in flight');
  } finally {
    await schedule.stop();
    await app.close();
  }
  logger.info({}, 'stopped');
  return EXIT_OK;
}
