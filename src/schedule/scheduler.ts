import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log/logger.js';

export interface Schedule {
  /** Runs a cycle now, unless one is already running (then waits for that one). */
  runNow(): Promise<void>;
  /** Fires on another expression from now on; a cycle in flight goes on undisturbed. */
  reschedule(expression: string, timezone?: string): Promise<void>;
  /** Stops firing and waits for the cycle in flight, if any. */
  stop(): Promise<void>;
}

/**
 * Fires `tick` on a cron expression, with the fire time it was scheduled for (the same on every
 * replica, whatever the small drift of their clocks; `runNow` passes none). A tick that comes while
 * the previous cycle still runs is skipped (logged), never queued: cycles never overlap.
 */
export function startSchedule(expression: string, tick: (firedAt?: Date) => Promise<void>, logger: Logger, timezone?: string): Schedule {
  let running: Promise<void> | undefined;
  const start = (firedAt?: Date): Promise<void> => {
    running = tick(firedAt)
      .catch((error: unknown) => logger.error({ err: error }, 'cycle failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const arm = (cronExpression: string, zone: string | undefined): ScheduledTask =>
    cron.schedule(
      cronExpression,
      (context) => {
        if (running !== undefined) logger.warn({ schedule: cronExpression }, 'previous cycle still running; skipping this tick');
        else void start(context.date);
      },
      { name: 'veille-cycle', ...(zone === undefined ? {} : { timezone: zone }) },
    );
  let task = arm(expression, timezone);
  const disarm = async (armed: ScheduledTask) => {
    await armed.stop();
    await armed.destroy();
  };
  return {
    runNow: () => running ?? start(),
    async reschedule(nextExpression, nextTimezone) {
      const previous = task;
      task = arm(nextExpression, nextTimezone);
      await disarm(previous);
    },
    async stop() {
      await disarm(task);
      await running;
    },
  };
}
