import type { Clock } from '../clock/clock.js';
import type { WatchConfig } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import { digestSchedules } from './digest-schedules.js';
import { nextFire } from './digest-times.js';

export interface DigestTimers {
  /** Arms again for another configuration (a reload). */
  rearm(watches: readonly WatchConfig[], timeZone: string): void;
  stop(): void;
}

/** setTimeout's longest delay; a later fire time is re-checked then. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * One timer per digest (`veille run`), on `clock` (VEILLE_NOW moves it): at its next fire time it
 * calls `fire` (which sends the digests that are due), then arms for the one after. Independent of
 * the poll schedule: an 08:00 digest goes at 08:00 even when sources are read hourly.
 */
export function startDigestTimers(watches: readonly WatchConfig[], timeZone: string, fire: () => Promise<unknown>, deps: { readonly clock: Clock; readonly logger: Logger }): DigestTimers {
  let timers: NodeJS.Timeout[] = [];
  const arm = (cron: string, zone: string, labels: object) => {
    const next = nextFire(cron, zone, deps.clock.now());
    if (next === undefined) return;
    const delay = next.getTime() - deps.clock.now().getTime();
    const timer = setTimeout(() => {
      timers = timers.filter((t) => t !== timer);
      // A delay past setTimeout's longest, or a timer that fired a little early (Node's timers have
      // millisecond granularity, the clock does not): armed again for the same fire time, so the
      // digests are sent at it, never just before (when they are not due yet).
      if (delay > MAX_TIMER_MS || deps.clock.now().getTime() < next.getTime()) {
        arm(cron, zone, labels);
        return;
      }
      fire()
        .catch((error: unknown) => deps.logger.error({ ...labels, err: error }, 'could not send the digests'))
        .finally(() => arm(cron, zone, labels));
    }, Math.min(Math.max(delay, 0), MAX_TIMER_MS));
    timers.push(timer);
  };
  const armAll = (current: readonly WatchConfig[], zone: string) => {
    // One timer per digest; each firing sends every digest that is due (one run at a time).
    for (const schedule of digestSchedules(current)) arm(schedule.cron, zone, { watch: schedule.watch, destination: schedule.destination });
  };
  armAll(watches, timeZone);
  return {
    rearm(next, zone) {
      for (const timer of timers) clearTimeout(timer);
      timers = [];
      armAll(next, zone);
    },
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers = [];
    },
  };
}
