import { readdirSync, readFileSync } from 'node:fs';

/** CPU time of this process's threads, in ms: the main (JavaScript) thread and all the others together. */
export interface ThreadCpu {
  readonly mainMs: number;
  /** V8's compiler and GC helper threads, the libuv pool (zlib, fs), the inspector... */
  readonly otherMs: number;
}

/** Clock ticks per second of /proc times (USER_HZ: 100 on every Linux Node runs on). */
const TICKS_PER_SECOND = 100;

/**
 * Reads /proc/self/task/<tid>/stat (Linux); undefined elsewhere. Resolution is one tick (10 ms)
 * per thread, so it is meant for phases of tens of milliseconds and more.
 */
export function readThreadCpu(): ThreadCpu | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  let mainMs = 0;
  let otherMs = 0;
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the command name (which may hold spaces) start at ") ": utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    if (Number(tid) === process.pid) mainMs += ms;
    else otherMs += ms;
  }
  return { mainMs, otherMs };
}

export function threadCpuSince(before: ThreadCpu | undefined): ThreadCpu | undefined {
  const now = readThreadCpu();
  if (before === undefined || now === undefined) return undefined;
  // A thread that ended during the phase takes its time with it: never report less than nothing.
  return { mainMs: now.mainMs - before.mainMs, otherMs: Math.max(0, now.otherMs - before.otherMs) };
}
