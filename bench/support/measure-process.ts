import { fork } from 'node:child_process';
import type { ProcessReport, ProcessTask } from './process-rusage-main.js';
import { benchModule } from './paths.js';

/** What one whole process cost, from the outside (see process-rusage-main.ts). */
export interface ProcessRun {
  readonly wallMs: number;
  /** User + system CPU of the process, all threads, from exec to exit (10 ms resolution). */
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
 * Runs `task` as a child of a dedicated parent process and returns what the kernel charged to it.
 * @throws when the process does not exit with code 0
 */
export function measureProcess(task: ProcessTask): Promise<MeasuredProcess> {
  const parent = fork(benchModule('support/process-rusage-main.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<MeasuredProcess>((resolve, reject) => {
    let reply: ProcessReport | { error: string } | undefined;
    parent.once('message', (message) => {
      reply = message as ProcessReport | { error: string };
    });
    parent.once('error', reject);
    parent.once('exit', () => {
      const what = `${task.command} ${task.args.join(' ')}`;
      if (reply === undefined) reject(new Error(`measuring ${what}: no report`));
      else if ('error' in reply) reject(new Error(`measuring ${what}: ${reply.error}`));
      else if (reply.code !== 0) reject(new Error(`${what} exited with code ${String(reply.code)} (signal ${String(reply.signal)})\n${reply.stderrTail}`));
      else {
        resolve({
          run: {
            wallMs: reply.wallMs,
            cpuMs: reply.userMs + reply.systemMs,
            userMs: reply.userMs,
            systemMs: reply.systemMs,
            peakRssMiB: reply.peakRssKiB / 1024,
          },
          stdout: reply.stdout,
        });
      }
    });
    parent.send(task);
  });
}
