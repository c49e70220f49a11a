import cron from 'node-cron';

/** Fire times looked at: enough to see weekends in a weekday schedule, cheap (a few ms). */
const RUNS_SAMPLED = 100;

/**
 * The longest wait between two consecutive fire times of a cron expression (e.g. 10 min for
 * `*\/10 * * * *`, 3 days for `0 9 * * 1-5`), from its next fire times. The task created to compute
 * them is never started, and destroyed before returning.
 */
export async function longestScheduleGapMs(expression: string, timezone?: string): Promise<number> {
  const task = cron.createTask(expression, () => undefined, { name: 'veille-schedule-gap', ...(timezone === undefined ? {} : { timezone }) });
  try {
    const runs = task.getNextRuns(RUNS_SAMPLED).map((date) => date.getTime());
    let longest = 0;
    for (let index = 1; index < runs.length; index += 1) longest = Math.max(longest, (runs[index] ?? 0) - (runs[index - 1] ?? 0));
    return longest;
  } finally {
    await task.destroy();
  }
}
