import type { DestinationConfig, Settings, SourceConfig, VeilleConfig, WatchConfig } from '../config/config-types.js';

/** What changes between the running configuration and a new valid one (pure). */
export interface ReloadPlan {
  readonly sources: NameChanges;
  readonly watches: NameChanges;
  readonly destinations: NameChanges;
  readonly scheduleChanged: boolean;
  /** Settings (YAML names) whose new value applies from the next cycle. */
  readonly settingsChanged: readonly string[];
  /** Settings (YAML names) read only at start: their new value needs a restart, the running one stays. */
  readonly needsRestart: readonly string[];
  /** Nothing differs: the reload is a no-op. */
  readonly unchanged: boolean;
}

export interface NameChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** Settings `veille run` reads once at start (the HTTP endpoint, the state store). */
const START_ONLY: ReadonlyMap<keyof Settings, string> = new Map<keyof Settings, string>([
  ['httpPort', 'http_port'],
  ['database', 'database'],
  ['metricsPublic', 'metrics_public'],
]);

const YAML_NAMES: Readonly<Partial<Record<keyof Settings, string>>> = {
  userAgent: 'user_agent',
  concurrency: 'concurrency',
  perHost: 'per_host',
  connectTimeoutMs: 'connect_timeout',
  totalTimeoutMs: 'timeout',
  maxBodyBytes: 'max_body',
  maxRedirects: 'max_redirects',
  retentionMs: 'retention',
  timezone: 'timezone',
  alertAfterFailures: 'alert_after',
  httpPort: 'http_port',
  database: 'database',
  metricsPublic: 'metrics_public',
  feedHints: 'feed_hints',
};

export function planReload(running: VeilleConfig, next: VeilleConfig): ReloadPlan {
  const sources = compareByName<SourceConfig>(running.sources, next.sources, sameJson);
  const watches = compareByName<WatchConfig>(running.watches, next.watches, sameJson);
  // A destination whose client would be built differently: its settings, or the time zone its messages show.
  const timezoneChanged = running.settings.timezone !== next.settings.timezone;
  const destinations = compareByName<DestinationConfig>(running.destinations, next.destinations, (a, b) => !timezoneChanged && sameJson(a, b));
  const keys = new Set([...Object.keys(running.settings), ...Object.keys(next.settings)] as (keyof Settings)[]);
  const differing = [...keys].filter((key) => !sameJson(running.settings[key], next.settings[key])).sort();
  const settingsChanged = differing.filter((key) => !START_ONLY.has(key)).map((key) => YAML_NAMES[key] ?? key);
  const needsRestart = differing.filter((key) => START_ONLY.has(key)).map((key) => START_ONLY.get(key) ?? key);
  const scheduleChanged = running.schedule !== next.schedule;
  const alertsChanged = !sameJson(running.alertDestinations, next.alertDestinations);
  const unchanged =
    [sources, watches, destinations].every((changes) => changes.added.length + changes.removed.length + changes.changed.length === 0) &&
    !scheduleChanged && !alertsChanged && differing.length === 0;
  return { sources, watches, destinations, scheduleChanged, settingsChanged, needsRestart, unchanged };
}

/**
 * Destinations of the running configuration whose client can be kept as it is (same name, same
 * settings, same time zone): their pacer keeps its memory of the rate limits.
 */
export function keptDestinations(plan: ReloadPlan, running: VeilleConfig): readonly string[] {
  const replaced = new Set([...plan.destinations.removed, ...plan.destinations.changed]);
  return running.destinations.map((destination) => destination.name).filter((name) => !replaced.has(name));
}

/** The settings whose new value the running process cannot take: kept at their running value. */
export function withStartOnlySettings(running: VeilleConfig, next: VeilleConfig): VeilleConfig {
  const settings: Record<string, unknown> = { ...next.settings };
  for (const key of START_ONLY.keys()) {
    if (running.settings[key] === undefined) delete settings[key];
    else settings[key] = running.settings[key];
  }
  return { ...next, settings: settings as unknown as Settings };
}

function compareByName<T extends { readonly name: string }>(before: readonly T[], after: readonly T[], same: (a: T, b: T) => boolean): NameChanges {
  const old = new Map(before.map((entry) => [entry.name, entry]));
  const added: string[] = [];
  const changed: string[] = [];
  for (const entry of after) {
    const previous = old.get(entry.name);
    if (previous === undefined) added.push(entry.name);
    else if (!same(previous, entry)) changed.push(entry.name);
  }
  const names = new Set(after.map((entry) => entry.name));
  const removed = before.map((entry) => entry.name).filter((name) => !names.has(name));
  return { added, removed, changed };
}

/** Structural equality of plain config data (same code builds both sides, so key order matches). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
