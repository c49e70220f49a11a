import { Cron } from 'croner';

/*
 * When a digest fires: a 5-field cron expression read in a time zone (croner computes both the
 * previous and the next fire time, DST included; node-cron only schedules forward).
 */

/** What is wrong with a digest's cron expression, or undefined when it is valid. */
export function checkDigestCron(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `expected 5 fields (minute hour day-of-month month day-of-week), e.g. "0 8 * * 1-5"; found ${fields.length}`;
  try {
    new Cron(expression.trim(), { paused: true });
    return undefined;
  } catch (error) {
    return (error as Error).message.replace(/^CronPattern: /, '');
  }
}

function pattern(expression: string, timeZone: string): Cron {
  return new Cron(expression.trim(), { paused: true, timezone: timeZone });
}

/** The last fire time at or before `now` (undefined: the expression never fired before). */
export function previousFire(expression: string, timeZone: string, now: Date): Date | undefined {
  // croner's previous runs are strictly before its reference, to the second: look from 1 s later.
  const runs = pattern(expression, timeZone).previousRuns(2, new Date(now.getTime() + 1_000));
  return runs.find((run) => run.getTime() <= now.getTime());
}

/** The first fire time strictly after `now` (undefined: never again). */
export function nextFire(expression: string, timeZone: string, now: Date): Date | undefined {
  return pattern(expression, timeZone).nextRun(now) ?? undefined;
}
