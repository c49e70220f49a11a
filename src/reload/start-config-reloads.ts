import type { Clock } from '../clock/clock.js';
import type { VeilleConfig } from '../config/config-types.js';
import type { Logger } from '../log/logger.js';
import type { Schedule } from '../schedule/scheduler.js';
import { createConfigReloader, type ConfigReloader } from './config-reloader.js';
import type { ReloadObserver } from './reload-observer.js';
import { watchConfigDir } from './watch-config-dir.js';

/** How long the config directory must stay quiet before a change is loaded (an editor, `kubectl cp`, a ConfigMap swap are several events). */
export const RELOAD_DEBOUNCE_MS = 500;

export interface ConfigReloadsDeps {
  readonly dir: string;
  readonly config: VeilleConfig;
  readonly load: () => Promise<VeilleConfig>;
  /** The app: takes the new configuration at its next cycle. */
  readonly app: { reconfigure(config: VeilleConfig): void };
  readonly schedule: Pick<Schedule, 'reschedule'>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly observer?: ReloadObserver;
  /** Subscribes to SIGHUP (the process edge); returns the unsubscribe. */
  readonly onHangup?: (listener: () => void) => () => void;
}

/** `veille run`'s live configuration: reloads on SIGHUP and on changes in the config directory. */
export function startConfigReloads(deps: ConfigReloadsDeps): { readonly reloader: ConfigReloader; stop(): void } {
  const reloader = createConfigReloader(deps.config, {
    load: deps.load,
    logger: deps.logger,
    clock: deps.clock,
    ...(deps.observer === undefined ? {} : { observer: deps.observer }),
    async apply(next, plan) {
      deps.app.reconfigure(next);
      if (plan.scheduleChanged || plan.settingsChanged.includes('timezone')) await deps.schedule.reschedule(next.schedule, next.settings.timezone);
    },
  });
  deps.observer?.started(deps.clock.now());
  const run = (trigger: string) => {
    reloader.reload(trigger).catch((error: unknown) => deps.logger.error({ trigger, err: error }, 'configuration reload failed'));
  };
  const unsubscribe = deps.onHangup?.(() => run('SIGHUP'));
  const watch = watchConfigDir(deps.dir, () => run('file change'), { debounceMs: RELOAD_DEBOUNCE_MS, logger: deps.logger });
  return {
    reloader,
    stop() {
      unsubscribe?.();
      watch.close();
    },
  };
}
