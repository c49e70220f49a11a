import type { Clock } from '../clock/clock.js';
import type { VeilleConfig } from '../config/config-types.js';
import { ConfigError, formatConfigProblem, type ConfigProblem } from '../errors/config-error.js';
import type { Logger } from '../log/logger.js';
import { planReload, withStartOnlySettings, type ReloadPlan } from './plan-reload.js';
import type { ReloadObserver } from './reload-observer.js';

export type ReloadOutcome =
  | { readonly result: 'applied'; readonly plan: ReloadPlan }
  | { readonly result: 'unchanged' }
  | { readonly result: 'refused'; readonly problems: readonly ConfigProblem[] };

export interface ConfigReloaderDeps {
  /** Reads and validates the config directory (`loadConfig`, as `veille check` does). @throws ConfigError */
  readonly load: () => Promise<VeilleConfig>;
  /** Hands a valid new configuration to the running app (it applies from the next cycle). */
  readonly apply: (next: VeilleConfig, plan: ReloadPlan) => Promise<void>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly observer?: ReloadObserver;
}

export interface ConfigReloader {
  /** Loads the configuration again; `trigger` says why (for the logs). Reloads never overlap. */
  reload(trigger: string): Promise<ReloadOutcome>;
  /** The configuration applied last (or read at start). */
  readonly running: VeilleConfig;
}

/**
 * Reloads of a running veille: the new configuration is validated by the same code as `veille check`;
 * invalid, every problem is logged with its file and line and the running one stays; valid, it is
 * compared with the running one (see plan-reload.ts) and applied. A reload asked while one runs
 * is done once more after it (the files may have changed again meanwhile).
 */
export function createConfigReloader(initial: VeilleConfig, deps: ConfigReloaderDeps): ConfigReloader {
  let running = initial;
  let inFlight: Promise<ReloadOutcome> | undefined;
  let queued: Promise<ReloadOutcome> | undefined;

  const attempt = async (trigger: string): Promise<ReloadOutcome> => {
    const at = deps.clock.now();
    let next: VeilleConfig;
    let plan: ReloadPlan;
    let applied: VeilleConfig;
    let stage = 'load';
    try {
      next = await deps.load();
      plan = planReload(running, next);
      applied = withStartOnlySettings(running, next);
      stage = 'apply';
      if (!plan.unchanged) await deps.apply(applied, plan);
    } catch (error) {
      const problems: readonly ConfigProblem[] =
        error instanceof ConfigError ? error.problems : [{ file: running.dir, path: '', message: `cannot ${stage} the configuration: ${(error as Error).message}` }];
      for (const problem of problems) {
        deps.logger.error({ trigger, file: problem.file, line: problem.line, path: problem.path }, `configuration reload refused: ${formatConfigProblem(problem)}`);
      }
      deps.logger.warn({ trigger, problems: problems.length }, 'configuration reload refused: the running configuration stays');
      deps.observer?.reloaded('failure', at);
      return { result: 'refused', problems };
    }
    deps.observer?.reloaded('success', at);
    if (plan.unchanged) {
      deps.logger.info({ trigger }, 'configuration reloaded: nothing changed');
      return { result: 'unchanged' };
    }
    if (plan.needsRestart.length > 0) {
      deps.logger.warn({ trigger, settings: plan.needsRestart }, 'configuration reload: these settings take effect at the next start; the running values stay');
    }
    running = applied;
    deps.logger.info(
      {
        trigger,
        sources: plan.sources,
        watches: plan.watches,
        destinations: plan.destinations,
        scheduleChanged: plan.scheduleChanged,
        ...(plan.scheduleChanged ? { schedule: applied.schedule } : {}),
        settings: plan.settingsChanged,
      },
      'configuration reloaded: applies from the next cycle',
    );
    return { result: 'applied', plan };
  };

  const reload = (trigger: string): Promise<ReloadOutcome> => {
    if (inFlight === undefined) {
      inFlight = attempt(trigger).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    }
    queued ??= inFlight.then(() => {
      queued = undefined;
      return reload(trigger);
    });
    return queued;
  };

  return {
    reload,
    get running() {
      return running;
    },
  };
}
