/**
 * A dedicated parent for one measured process (forked by measure-process.ts): it spawns the
 * process, waits for it and reports what the kernel charged to it.
 *
 * Node exposes no rusage of a child (`ChildProcess` has none, `process.resourceUsage()` is
 * RUSAGE_SELF only, and reading /proc/<pid>/stat before the exit races with it). But once a child
 * has been waited for, the kernel adds its user and system time, all threads, from exec to exit,
 * to the parent's "waited-for children" counters: getrusage(RUSAGE_CHILDREN), which Linux also
 * shows as `cutime`/`cstime` in /proc/self/stat. This process spawns exactly one child, so the
 * difference of those counters across the wait is that child's CPU time, exactly, to the clock
 * tick (10 ms: /proc gives clock ticks, not the microseconds of getrusage).
 *
 * Peak RSS: the child's VmHWM (/proc/<pid>/status, a high-water mark), read every 10 ms while it
 * runs; the last read comes at most 10 ms before the exit.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessTask {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface ProcessReport {
  readonly wallMs: number;
  readonly userMs: number;
  readonly systemMs: number;
  /** VmHWM, sampled (0 when the child ended before the first sample). */
  readonly peakRssKiB: number;
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  /** The last 4 KB of stderr. */
  readonly stderrTail: string;
}

/** Clock ticks per second of /proc times (USER_HZ: 100 on every Linux Node runs on). */
const TICKS_PER_SECOND = 100;

/** Waited-for children's user and system time of this process, in ms. */
function childrenTimes(): { userMs: number; systemMs: number } {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces): cutime and cstime are the 16th and 17th.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return { userMs: (Number(fields[13]) * 1000) / TICKS_PER_SECOND, systemMs: (Number(fields[14]) * 1000) / TICKS_PER_SECOND };
}

function highWaterMarkKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined; // gone
  }
}

process.once('message', (task: ProcessTask) => {
  const before = childrenTimes();
  const started = performance.now();
  const child = spawn(task.command, [...task.args], { env: { ...task.env }, stdio: ['ignore', 'pipe', 'pipe'], ...(task.cwd === undefined ? {} : { cwd: task.cwd }) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4096);
  });
  let peakRssKiB = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) peakRssKiB = Math.max(peakRssKiB, highWaterMarkKiB(child.pid) ?? 0);
  }, 10);
  let wallMs = 0;
  child.once('exit', () => {
    wallMs = performance.now() - started;
    clearInterval(sampler);
  });
  child.once('error', (error) => {
    clearInterval(sampler);
    process.send?.({ error: error.message }, () => process.exit(1));
  });
  // 'close': exited and its output read to the end.
  child.once('close', (code, signal) => {
    const after = childrenTimes();
    const report: ProcessReport = {
      wallMs,
      userMs: after.userMs - before.userMs,
      systemMs: after.systemMs - before.systemMs,
      peakRssKiB,
      code,
      signal,
      stdout,
      stderrTail: stderr,
    };
    process.send?.(report, () => process.exit(0));
  });
});
