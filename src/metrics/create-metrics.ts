import { collectDefaultMetrics, Registry } from 'prom-client';
import type { CycleObserver } from '../cycle/cycle-observer.js';
import type { ReloadObserver } from '../reload/reload-observer.js';
import type { Store } from '../store/store.js';
import { registerCycleMetrics } from './cycle-metrics.js';
import { createMetricsObserver } from './metrics-observer.js';
import { registerReloadMetrics } from './reload-metrics.js';
import { registerStoreGauges } from './store-gauges.js';

/** One app instance's metrics: its own registry (never prom-client's global one). */
export interface VeilleMetrics {
  readonly registry: Registry;
  /** Pass to `createApp` as (part of) its observer. */
  readonly observer: CycleObserver;
  /** Pass to the config reloader of `veille run`. */
  readonly reloads: ReloadObserver;
  /** Adds the gauges read from the store at scrape time (the store exists once the app does). */
  watchStore(store: Store, sources: readonly string[] | (() => readonly string[])): void;
}

export function createMetrics(options: { readonly destinations: readonly string[]; readonly processMetrics?: boolean }): VeilleMetrics {
  const registry = new Registry();
  // Node.js process metrics (memory, CPU, event loop lag, handles), as every Prometheus target has.
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const observer = createMetricsObserver(registerCycleMetrics(registry, options.destinations));
  return {
    registry,
    observer,
    reloads: registerReloadMetrics(registry),
    watchStore: (store, sources) => registerStoreGauges(registry, store, sources),
  };
}
