/**
 * What one whole process costs, from the outside: wall time, CPU time of every thread from exec
 * to exit, peak RSS.
 *
 * Node gives no rusage of a child (`ChildProcess` has none; `process.resourceUsage()` is the
 * process's own; reading `/proc/<pid>/stat` just before the exit races with it). Once a child has
 * been waited for, Linux adds its user and system time to its parent's "waited-for children"
 * counters, `getrusage(RUSAGE_CHILDREN)`. `/proc/self/stat` shows them only in clock ticks (10 ms,
 * too coarse for a process of 150 ms); bash's `times` builtin prints them from getrusage, to the
 * millisecond. So the measured process is started by a bash that does nothing else: it starts the
 * command in the background, tells its pid (for the RSS samples), waits for it and prints `times`,
 * whose second line is its children's user and system time, that one command's.
 *
 * Peak RSS: the child's VmHWM (/proc/<pid>/status, a high-water mark), read every 10 ms while it
 * runs; the last read comes at most 10 ms before the exit.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';

export interface ProcessTask {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

/** What one whole process cost. */
export interface ProcessRun {
  readonly wallMs: number;
  /** User + system CPU of the process, all threads, from exec to exit (1 ms resolution). */
  readonly cpuMs: number;
  readonly userMs: number;
  readonly systemMs: number;
  readonly peakRssMiB: number;
}

export interface MeasuredProcess {
  readonly run: ProcessRun;
  readonly stdout: string;
}

/**
 * Fd 3 (not inherited by the child) gets the child's pid, then `times` (bash's own times, then
 * its children's). The exit status is the child's (128 + the signal's number when a signal ended it).
 */
const WAITER = '"$@" 3>&- & echo "$!" >&3; wait "$!"; status=$?; times >&3; exit "$status"';

/** "0m0.548s 0m0.020s" → [548, 20]. */
export function parseTimesLine(line: string): readonly [userMs: number, systemMs: number] {
  const match = /^(\d+)m(\d+(?:\.\d+)?)s (\d+)m(\d+(?:\.\d+)?)s$/.exec(line.trim());
  if (match === null) throw new Error(`bash's times printed an unexpected line: ${JSON.stringify(line)}`);
  const ms = (minutes: string | undefined, seconds: string | undefined): number => Math.round((Number(minutes) * 60 + Number(seconds)) * 1000);
  return [ms(match[1], match[2]), ms(match[3], match[4])];
}

function highWaterMarkKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined; // gone
  }
}

function readable(stream: unknown): Readable {
  if (!(stream instanceof Readable)) throw new Error('measureProcess: a pipe of the waiter is missing');
  return stream.setEncoding('utf8');
}

/**
 * Runs `task` under a waiting bash and returns what the kernel charged to it.
 * @throws when the process does not exit with code 0
 */
export function measureProcess(task: ProcessTask): Promise<MeasuredProcess> {
  const what = `${task.command} ${task.args.join(' ')}`;
  return new Promise<MeasuredProcess>((resolve, reject) => {
    const started = performance.now();
    const waiter = spawn('bash', ['-c', WAITER, 'bash', task.command, ...task.args], {
      env: { ...task.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      ...(task.cwd === undefined ? {} : { cwd: task.cwd }),
    });
    let stdout = '';
    let stderr = '';
    let report = '';
    readable(waiter.stdio[1]).on('data', (chunk: string) => {
      stdout += chunk;
    });
    readable(waiter.stdio[2]).on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4096);
    });
    let childPid: number | undefined;
    let wallMs: number | undefined;
    readable(waiter.stdio[3]).on('data', (chunk: string) => {
      report += chunk;
      const lines = report.split('\n');
      if (childPid === undefined && lines.length > 1) childPid = Number(lines[0]);
      // bash writes `times` only once the child was waited for.
      if (wallMs === undefined && lines.length > 2) wallMs = performance.now() - started;
    });
    let peakRssKiB = 0;
    const sampler = setInterval(() => {
      if (childPid !== undefined) peakRssKiB = Math.max(peakRssKiB, highWaterMarkKiB(childPid) ?? 0);
    }, 10);
    waiter.once('error', (error) => {
      clearInterval(sampler);
      reject(new Error(`measuring ${what}: ${error.message}`));
    });
    // 'close': exited and its output read to the end.
    waiter.once('close', (code, signal) => {
      clearInterval(sampler);
      if (code !== 0) {
        reject(new Error(`${what} exited with code ${String(code)} (signal ${String(signal)})\n${stderr}`));
        return;
      }
      try {
        // pid, bash's own times, its children's times.
        const children = report.split('\n')[2];
        const [userMs, systemMs] = parseTimesLine(children ?? '');
        resolve({
          run: { wallMs: wallMs ?? performance.now() - started, cpuMs: userMs + systemMs, userMs, systemMs, peakRssMiB: peakRssKiB / 1024 },
          stdout,
        });
      } catch (error) {
        reject(new Error(`measuring ${what}: ${(error as Error).message}`));
      }
    });
  });
}
