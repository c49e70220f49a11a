import { fork } from 'node:child_process';
import type { CaseResult, CaseTask, WorkerReply } from '../cases/case-types.js';
import { benchModule } from './paths.js';

/** Extra node flags for every worker (--worker-flags). */
let workerFlags: readonly string[] = [];

export function setWorkerFlags(flags: readonly string[]): void {
  workerFlags = flags;
}

/** Node flags of every case worker. */
export function workerExecArgv(): string[] {
  return ['--expose-gc', ...workerFlags];
}

/** Runs one case in a fresh process (node --expose-gc) and returns its result. */
export function runInWorker<T extends CaseResult>(task: CaseTask): Promise<T> {
  const child = fork(benchModule('cases/case-worker-main.js'), [], {
    execArgv: workerExecArgv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<T>((resolve, reject) => {
    let reply: WorkerReply | undefined;
    child.once('message', (message) => {
      reply = message as WorkerReply;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply === undefined) reject(new Error(`${task.kind} worker exited without a result (code ${String(code)}, signal ${String(signal)})`));
      else if (!reply.ok) reject(new Error(`${task.kind} worker failed: ${reply.error}`));
      else resolve(reply.result as T);
    });
    child.send(task);
  });
}
