/**
 * A case worker: one forked process per case, so that its peak RSS, heap and JIT state are its own.
 *
 * - A one-shot case (CaseTask) receives its task over IPC, replies with a WorkerReply and exits.
 * - A stepped case (SteppedTask) replies "ready" once set up, then runs one round per `round`
 *   command (replying with what it cost) until `finish`, when it replies with its result and exits.
 *   The parent can so make two cases take turns, round by round.
 */
import { RoundRecorder, type RoundSession } from '../support/measure-rounds.js';
import type { CaseResult, CaseTask, StepCommand, StepReply, SteppedTask, WorkerReply } from './case-types.js';
import { openFloorSession } from './floor-case.js';
import { runMatcherCase } from './matcher-case.js';
import { runNaiveCase } from './naive-case.js';
import { runStagesCase } from './stages-case.js';
import { runStateSizeCase } from './state-size-case.js';
import { runStoriesCase } from './stories-case.js';
import { openSteadySession, runSeedCase } from './veille-cycle-case.js';

function run(task: CaseTask): Promise<CaseResult> {
  switch (task.kind) {
    case 'veille-seed':
      return runSeedCase(task);
    case 'naive':
      return runNaiveCase(task);
    case 'matcher':
      return runMatcherCase(task);
    case 'state-size':
      return runStateSizeCase(task);
    case 'stages':
      return runStagesCase(task);
    case 'stories':
      return runStoriesCase(task);
  }
}

function open(task: SteppedTask): Promise<RoundSession<unknown, CaseResult>> {
  switch (task.kind) {
    case 'veille-steady':
      return openSteadySession(task) as Promise<RoundSession<unknown, CaseResult>>;
    case 'floor':
      return openFloorSession(task) as Promise<RoundSession<unknown, CaseResult>>;
  }
}

const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));

function serveSteps(task: SteppedTask): void {
  const send = (message: StepReply, exitCode?: number) =>
    process.send?.(message, () => {
      if (exitCode !== undefined) process.exit(exitCode);
    });
  open(task).then(
    (session) => {
      const recorder = new RoundRecorder(session, task.repetitions, task.profileFile);
      process.on('message', (command: StepCommand) => {
        const step = command.op === 'round' ? recorder.next().then((sample) => send({ ok: true, sample })) : recorder.finish().then((result) => send({ ok: true, result }, 0));
        step.catch((error: unknown) => send({ ok: false, error: describe(error) }, 1));
      });
      send({ ok: true, ready: true });
    },
    (error: unknown) => send({ ok: false, error: describe(error) }, 1),
  );
}

process.once('message', (task: CaseTask | SteppedTask) => {
  if (task.kind === 'veille-steady' || task.kind === 'floor') {
    serveSteps(task);
    return;
  }
  const reply = (message: WorkerReply, code: number) => process.send?.(message, () => process.exit(code));
  run(task).then(
    (result) => reply({ ok: true, result }, 0),
    (error: unknown) => reply({ ok: false, error: describe(error) }, 1),
  );
});
