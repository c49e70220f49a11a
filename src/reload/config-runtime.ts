import type { VeilleConfig } from '../config/config-types.js';
import { createDestination } from '../deliver/check-destination.js';
import type { DestinationRuntime } from '../deliver/dispatch-outbox.js';
import { createPacer, withSafetyMargin } from '../deliver/pacer.js';
import type { Logger } from '../log/logger.js';
import { lazyMatcher, type Matcher } from '../match/index.js';
import type { DeliveryPlanContext } from '../cycle/plan-deliveries.js';
import { keptDestinations, planReload } from './plan-reload.js';

/** What one configuration decides of a running app: the matcher, the watches, the destination clients. */
export interface ConfigRuntime {
  readonly config: VeilleConfig;
  readonly matcher: Matcher;
  readonly watches: DeliveryPlanContext['watches'];
  readonly alertDestinations: ReadonlyMap<string, readonly string[]>;
  /** Every active destination's client (closed with the app or when a reload replaces it). */
  readonly destinations: readonly DestinationRuntime[];
  /** Those something posts to (a watch, or health notices): the ones dispatched. */
  readonly dispatched: readonly DestinationRuntime[];
}

export interface RuntimeDeps {
  /** Where the console destination prints. */
  readonly write: (text: string) => void;
  readonly logger: Logger;
}

/**
 * Builds the runtime of `config`. With `previous` (a reload): the clients of destinations whose
 * settings did not change are kept, pacer included; `retired` lists the clients to close once no
 * cycle uses them.
 */
export function buildConfigRuntime(
  config: VeilleConfig,
  deps: RuntimeDeps,
  previous?: ConfigRuntime,
): { readonly runtime: ConfigRuntime; readonly retired: readonly DestinationRuntime[] } {
  const kept = new Set(previous === undefined ? [] : keptDestinations(planReload(previous.config, config), previous.config));
  const reusable = new Map((previous?.destinations ?? []).filter((runtime) => kept.has(runtime.destination.name)).map((runtime) => [runtime.destination.name, runtime]));
  const destinations: DestinationRuntime[] = config.destinations.map((destinationConfig) => {
    const reused = reusable.get(destinationConfig.name);
    if (reused !== undefined) return reused;
    const destination = createDestination(destinationConfig, { write: deps.write, timeZone: config.settings.timezone });
    return { destination, pacer: createPacer(withSafetyMargin(destination.pacing)) };
  });
  const retired = (previous?.destinations ?? []).filter((runtime) => !destinations.includes(runtime));
  // Compiled with the first item matched: a cycle of 304s matches nothing (the rules were checked with the config).
  const matcher = lazyMatcher(config.watches.map((watch) => ({ name: watch.name, rule: watch.rule })));
  const watches = new Map(config.watches.map((watch) => [watch.name, { watch, sources: new Set(watch.sources) }]));
  // Only destinations something posts to (a watch, or health notices) are dispatched.
  const used = new Set([...config.watches.flatMap((watch) => watch.to), ...config.alertDestinations]);
  const dispatched = destinations.filter((runtime) => used.has(runtime.destination.name));
  for (const warning of config.warnings) deps.logger.warn({ file: warning.file, line: warning.line, path: warning.path }, `configuration: ${warning.message}`);
  for (const inactive of config.inactiveDestinations) {
    deps.logger.info({ destination: inactive.name, missing: inactive.missing }, 'optional destination not configured; skipped');
  }
  return { runtime: { config, matcher, watches, alertDestinations: alertDestinationsBySource(config), destinations, dispatched }, retired };
}

/** Health notices go to the configured `alerts` destinations, else to those of the source's watches. */
function alertDestinationsBySource(config: VeilleConfig): Map<string, readonly string[]> {
  const bySource = new Map<string, Set<string>>(config.sources.map((source) => [source.name, new Set<string>()]));
  if (config.alertDestinations.length === 0) {
    // Linear in sources x watches: 10,000 sources must not cost 10,000 list scans each.
    for (const watch of config.watches) {
      for (const source of watch.sources) for (const destination of watch.to) bySource.get(source)?.add(destination);
    }
  }
  return new Map(
    [...bySource].map(([source, destinations]) => [source, config.alertDestinations.length > 0 ? config.alertDestinations : [...destinations]]),
  );
}
