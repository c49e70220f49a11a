import cron from 'node-cron';

/** How far back the fire time is looked for: a minute second by second, then a week minute by minute. */
const SECONDS_LOOKED_AT = 120;
const MINUTES_LOOKED_AT = 7 * 24 * 60;

/**
 * The schedule's latest fire time at or before `now` (whole seconds), which names the tick a
 * start-up cycle serves: replicas started within one period of the schedule agree on it, as they
 * agree on the fire time node-cron passes at each tick. A schedule silent for more than a week
 * before `now`: `now` itself, to the second.
 */
export async function previousFireTime(expression: string, now: Date, timezone?: string): Promise<Date> {
  const task = cron.createTask(expression, () => undefined, { name: 'veille-previous-fire', ...(timezone === undefined ? {} : { timezone }) });
  try {
    const second = Math.floor(now.getTime() / 1000) * 1000;
    for (let back = 0; back < SECONDS_LOOKED_AT; back += 1) {
      const candidate = new Date(second - back * 1000);
      if (task.match(candidate)) return candidate;
    }
    const minute = Math.floor(now.getTime() / 60_000) * 60_000;
    for (let back = 0; back < MINUTES_LOOKED_AT; back += 1) {
      const candidate = new Date(minute - back * 60_000);
      if (candidate.getTime() <= second && task.match(candidate)) return candidate;
    }
    return new Date(second);
  } finally {
    await task.destroy();
  }
}
