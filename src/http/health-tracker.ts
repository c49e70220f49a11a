import type { Clock } from '../clock/clock.js';
import type { CycleObserver } from '../cycle/cycle-observer.js';

/** What the health endpoints judge by (plain data). */
export interface HealthSnapshot {
  /** When tracking began (the process started). */
  readonly since: Date;
  /** The last sign of a working scheduler: a cycle started, a source or a delivery attempt done, a cycle finished. */
  readonly lastActivityAt: Date;
  readonly lastCycleStartedAt?: Date;
  readonly lastCycleFinishedAt?: Date;
  /** Shutdown began: no new cycle will start. */
  readonly stopping: boolean;
}

/** A finished cycle: when it started and how long it took. */
export interface CycleDuration {
  readonly startedAt: string;
  readonly durationMs: number;
}

/** Cycle durations kept in memory (for the web page's chart). */
export const CYCLES_KEPT = 48;

export interface HealthTracker {
  /** Told about cycles, sources and deliveries (pass to `createApp`). */
  readonly observer: Required<CycleObserver>;
  stopping(): void;
  snapshot(): HealthSnapshot;
  /** The last `CYCLES_KEPT` finished cycles since the process started, oldest first. */
  cycleDurations(): readonly CycleDuration[];
}

/** Remembers when the scheduler last showed signs of life, and when a cycle last finished. */
export function createHealthTracker(clock: Clock): HealthTracker {
  const since = clock.now();
  let lastActivityAt = since;
  let lastCycleStartedAt: Date | undefined;
  let lastCycleFinishedAt: Date | undefined;
  let stopping = false;
  const durations: CycleDuration[] = [];
  const active = () => {
    lastActivityAt = clock.now();
    return lastActivityAt;
  };
  return {
    observer: {
      cycleStarted: () => {
        lastCycleStartedAt = active();
      },
      sourceFinished: () => void active(),
      deliveryAttempted: () => void active(),
      digestSent: () => void active(),
      cycleFinished: () => {
        lastCycleFinishedAt = active();
        if (lastCycleStartedAt === undefined) return;
        durations.push({ startedAt: lastCycleStartedAt.toISOString(), durationMs: lastCycleFinishedAt.getTime() - lastCycleStartedAt.getTime() });
        if (durations.length > CYCLES_KEPT) durations.shift();
      },
    },
    stopping: () => {
      stopping = true;
    },
    snapshot: () => ({
      since,
      lastActivityAt,
      ...(lastCycleStartedAt === undefined ? {} : { lastCycleStartedAt }),
      ...(lastCycleFinishedAt === undefined ? {} : { lastCycleFinishedAt }),
      stopping,
    }),
    cycleDurations: () => [...durations],
  };
}
