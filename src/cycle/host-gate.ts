/** Runs a task for a host once fewer than the allowed number of tasks for it are running. */
export type HostGate = <T>(host: string, task: () => Promise<T>) => Promise<T>;

/** One host's tasks: how many run, and those waiting for a slot (oldest first). */
interface HostSlots {
  running: number;
  readonly waiting: (() => void)[];
  /** Index of the oldest waiting task in `waiting`. */
  head: number;
}

/**
 * At most `perHost` tasks at once per host name (`settings.per_host`), so several feeds of one site
 * are not all requested together. The host is the source URL's host name, case-folded (ports do not
 * make another site), as the config gives it (`SourceConfig.host`); redirects to another host are
 * not counted. A task waiting for its host holds
 * nothing else, so the cycle's global slots go to sources of other hosts meanwhile. Tasks of one
 * host start in the order they were given.
 *
 * A plain counter and queue per host rather than a p-limit each: a task that finds a free slot
 * starts at once, and only a waiting task costs a promise and a closure.
 */
export function createHostGate(perHost: number): HostGate {
  // What p-limit accepted: a whole number from 1, or Infinity.
  if (!(Number.isInteger(perHost) || perHost === Infinity) || perHost < 1) {
    throw new TypeError(`perHost must be a whole number from 1 (or Infinity), not ${String(perHost)}`);
  }
  const hosts = new Map<string, HostSlots>();
  return <T>(host: string, task: () => Promise<T>): Promise<T> => {
    let slots = hosts.get(host);
    if (slots === undefined) {
      slots = { running: 0, waiting: [], head: 0 };
      hosts.set(host, slots);
    }
    if (slots.running < perHost) {
      slots.running += 1;
      return runInSlot(slots, task);
    }
    const queued = slots;
    return new Promise<T>((resolve, reject) => {
      queued.waiting.push(() => {
        runInSlot(queued, task).then(resolve, reject);
      });
    });
  };
}

/** Runs the task in a slot already taken, then hands the slot to the host's oldest waiting task. */
async function runInSlot<T>(slots: HostSlots, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } finally {
    const next = slots.waiting[slots.head];
    if (next === undefined) {
      slots.running -= 1;
    } else {
      // The slot passes on: `running` stays as it is.
      slots.waiting[slots.head] = noop;
      slots.head += 1;
      if (slots.head === slots.waiting.length) {
        slots.waiting.length = 0;
        slots.head = 0;
      }
      next();
    }
  }
}

function noop(): void {}
