import { fork, type ChildProcess } from 'node:child_process';
import type { CaseResult, StepCommand, StepReply, SteppedTask } from '../cases/case-types.js';
import type { RoundSample } from './measure-rounds.js';
import { benchModule } from './paths.js';
import { workerExecArgv } from './run-worker.js';

/** The parent's handle on a stepped case (see case-worker-main.ts). */
export interface SteppedWorker<R extends CaseResult> {
  readonly rounds: number;
  /** Runs the worker's next round; resolves with what it cost. */
  round(): Promise<RoundSample>;
  /** Runs the rounds left, then resolves with the case's result; the worker exits. */
  finish(): Promise<R>;
  /** Stops the worker (after a failure elsewhere). */
  kill(): void;
}

/** Forks a worker for a stepped case and waits until it is set up. */
export async function openSteppedWorker<R extends CaseResult>(task: SteppedTask): Promise<SteppedWorker<R>> {
  const child: ChildProcess = fork(benchModule('cases/case-worker-main.js'), [], { execArgv: workerExecArgv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let exited: string | undefined;
  let waiting: { resolve: (reply: StepReply) => void; reject: (error: Error) => void } | undefined;
  child.on('message', (reply: StepReply) => {
    const current = waiting;
    waiting = undefined;
    current?.resolve(reply);
  });
  child.once('exit', (code, signal) => {
    exited = `${task.kind} worker exited (code ${String(code)}, signal ${String(signal)})`;
    waiting?.reject(new Error(exited));
    waiting = undefined;
  });
  const ask = (message: SteppedTask | StepCommand): Promise<StepReply> =>
    new Promise<StepReply>((resolve, reject) => {
      if (exited !== undefined) {
        reject(new Error(exited));
        return;
      }
      waiting = { resolve, reject };
      child.send(message);
    }).then((reply) => {
      if (!reply.ok) throw new Error(`${task.kind} worker failed: ${reply.error}`);
      return reply;
    });

  await ask(task);
  return {
    rounds: task.repetitions.warmupRounds + task.repetitions.measuredRounds,
    round: async () => {
      const reply = await ask({ op: 'round' });
      if (!('sample' in reply)) throw new Error(`${task.kind} worker: no sample for a round`);
      return reply.sample;
    },
    finish: async () => {
      const reply = await ask({ op: 'finish' });
      if (!('result' in reply)) throw new Error(`${task.kind} worker: no result`);
      return reply.result as R;
    },
    kill: () => {
      if (child.exitCode === null) child.kill();
    },
  };
}

/**
 * Two cases taking turns, round by round (A1 B1 A2 B2 ...), so that whatever slows the machine down
 * for a while slows both: their ratio is measured on rounds run side by side in time.
 */
export async function runInTurns<A extends CaseResult, B extends CaseResult>(first: SteppedTask, second: SteppedTask): Promise<[A, B]> {
  const a = await openSteppedWorker<A>(first);
  let b: SteppedWorker<B> | undefined;
  try {
    b = await openSteppedWorker<B>(second);
    if (a.rounds !== b.rounds) throw new Error(`cases taking turns must run as many rounds (${a.rounds} and ${b.rounds})`);
    for (let round = 0; round < a.rounds; round += 1) {
      await a.round();
      await b.round();
    }
    return [await a.finish(), await b.finish()];
  } catch (error) {
    a.kill();
    b?.kill();
    throw error;
  }
}

/** One stepped case alone: every round back to back, then its result. */
export async function runStepped<R extends CaseResult>(task: SteppedTask): Promise<R> {
  const worker = await openSteppedWorker<R>(task);
  try {
    return await worker.finish();
  } catch (error) {
    worker.kill();
    throw error;
  }
}
