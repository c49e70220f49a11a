import { Counter, Gauge, type Registry } from 'prom-client';
import type { ReloadObserver } from '../reload/reload-observer.js';

/**
 * Configuration reloads of `veille run`: a counter per result, whether the last one succeeded, and
 * when one last succeeded (the start counts), so an alert can say "the config on disk is not running".
 */
export function registerReloadMetrics(registry: Registry): ReloadObserver {
  const registers = [registry];
  const reloads = new Counter({ name: 'veille_config_reload_total', help: 'Configuration reloads tried (SIGHUP or a change in the config directory), per result.', labelNames: ['result'], registers });
  const lastSuccessful = new Gauge({ name: 'veille_config_last_reload_successful', help: 'Whether the last configuration reload succeeded (1) or was refused (0).', registers });
  const lastSuccess = new Gauge({ name: 'veille_config_last_reload_success_timestamp_seconds', help: 'When a configuration was last loaded successfully (Unix time; the start counts).', registers });
  for (const result of ['success', 'failure']) reloads.inc({ result }, 0);
  return {
    started(at) {
      lastSuccessful.set(1);
      lastSuccess.set(at.getTime() / 1000);
    },
    reloaded(result, at) {
      reloads.inc({ result });
      lastSuccessful.set(result === 'success' ? 1 : 0);
      if (result === 'success') lastSuccess.set(at.getTime() / 1000);
    },
  };
}
