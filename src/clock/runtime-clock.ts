import type { RuntimeEnv } from '../config/runtime-env.js';
import { offsetClock, systemClock, type Clock } from './clock.js';

/** The clock commands run on: the system's, moved by `VEILLE_NOW` when set (a test and ops aid). */
export function runtimeClock(runtime: Pick<RuntimeEnv, 'clockOffsetMs'>): Clock {
  return runtime.clockOffsetMs === undefined ? systemClock : offsetClock(runtime.clockOffsetMs);
}
