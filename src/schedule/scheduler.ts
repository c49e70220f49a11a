import cron from 'node-cron';
import type { Logger } from '../log/logger.js';

export interface Schedule {
  /** Runs a cycle now, unless one is already running (then waits for that one). */
  runNow(): Promise<void>;
  /** Stops firing and waits for the cycle in flight, if any. */
  stop(): Promise<void>;
}

/**
 * Fires `tick` on a cron expression. A tick that comes while the previous cycle still runs is
 * skipped (logged), never queued: cycles never overlap.
 */
export function startSchedule(expression: string, tick: () => Promise<void>, logger: Logger, timezone?: string): Schedule {
  let running: Promise<void> | undefined;
  const start = (): Promise<void> => {
    running = tick()
      .catch((error: unknown) => logger.error({ err: error }, 'cycle failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const task = cron.schedule(
    expression,
    () => {
      if (running !== undefined) logger.warn({ schedule: expression }, 'previous cycle still running; skipping this tick');
      else void start();
    },
    { name: 'veille-cycle', ...(timezone === undefined ? {} : { timezone }) },
  );
  return {
    runNow: () => running ?? start(),
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
