/**
 * A case worker: one forked process per measured case, so that its peak RSS, heap and JIT state
 * are its own. Receives one CaseTask over IPC, replies with a WorkerReply, exits.
 */
import type { CaseResult, CaseTask, WorkerReply } from './case-types.js';
import { runFloorCase } from './floor-case.js';
import { runMatcherCase } from './matcher-case.js';
import { runNaiveCase } from './naive-case.js';
import { runStagesCase } from './stages-case.js';
import { runStateSizeCase } from './state-size-case.js';
import { runSeedCase, runSteadyCase } from './veille-cycle-case.js';

function run(task: CaseTask): Promise<CaseResult> {
  switch (task.kind) {
    case 'veille-seed':
      return runSeedCase(task);
    case 'veille-steady':
      return runSteadyCase(task);
    case 'floor':
      return runFloorCase(task);
    case 'naive':
      return runNaiveCase(task);
    case 'matcher':
      return runMatcherCase(task);
    case 'state-size':
      return runStateSizeCase(task);
    case 'stages':
      return runStagesCase(task);
  }
}

process.once('message', (task: CaseTask) => {
  const reply = (message: WorkerReply, code: number) => process.send?.(message, () => process.exit(code));
  run(task).then(
    (result) => reply({ ok: true, result }, 0),
    (error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, 1),
  );
});
