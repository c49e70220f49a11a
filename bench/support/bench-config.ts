import { join } from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/config/config-defaults.js';
import type { Settings, SourceConfig, VeilleConfig } from '../../src/config/config-types.js';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { feedUrlOf } from '../server/feed-protocol.js';
import { REPO_ROOT } from './paths.js';

/** The null destination: a console destination whose writer drops every line. */
export const NULL_DESTINATION = 'null';

export const sourceName = (index: number): string => `source-${index}`;

/** Sources 0..count-1 of the feed server listening on `ports`. */
export function benchSources(ports: readonly number[], count: number, first = 0): SourceConfig[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = first + offset;
    const url = feedUrlOf(ports, index);
    return { name: sourceName(index), url, displayUrl: url, host: new URL(url).hostname, backfillMs: 0, staleAfterMs: 0 };
  });
}

export interface BenchConfigOptions {
  readonly sources: readonly SourceConfig[];
  readonly rule: string | readonly string[];
  readonly concurrency?: number;
  readonly retentionMs?: number;
}

/** The settings veille runs with by default (the bench changes only what a case says). */
export function defaultSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    userAgent: DEFAULT_SETTINGS.userAgent,
    concurrency: DEFAULT_SETTINGS.concurrency,
    // Every bench feed is served by one loopback host standing in for as many sites: the per-host
    // limit would otherwise make the whole bench one site read 2 at a time.
    perHost: DEFAULT_SETTINGS.concurrency,
    connectTimeoutMs: DEFAULT_SETTINGS.connectTimeoutMs,
    totalTimeoutMs: DEFAULT_SETTINGS.totalTimeoutMs,
    maxBodyBytes: DEFAULT_SETTINGS.maxBodyBytes,
    maxRedirects: DEFAULT_SETTINGS.maxRedirects,
    retentionMs: DEFAULT_SETTINGS.retentionMs,
    timezone: DEFAULT_SETTINGS.timezone,
    alertAfterFailures: DEFAULT_SETTINGS.alertAfterFailures,
    ...overrides,
  };
}

/** A programmatic config: the given sources, one watch posting to the null destination. */
export function benchConfig(options: BenchConfigOptions): VeilleConfig {
  const settings = defaultSettings({
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency, perHost: options.concurrency }),
    ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
  });
  return {
    dir: join(REPO_ROOT, 'bench'),
    schedule: '*/10 * * * *',
    settings,
    sources: options.sources,
    watches: [{ name: 'cloud-souverain', rule: options.rule, sources: options.sources.map((source) => source.name), to: [NULL_DESTINATION] }],
    destinations: [{ type: 'console', name: NULL_DESTINATION, options: { name: NULL_DESTINATION } }],
    alertDestinations: [],
    inactiveDestinations: [],
    warnings: [],
  };
}

/** The default watch rule shipped in feeds/watches.yaml (loaded through veille's own config loader). */
export async function loadDefaultWatchRule(): Promise<string | readonly string[]> {
  const config = await loadConfig(join(REPO_ROOT, 'feeds'), readRuntimeEnv({}));
  const watch = config.watches[0];
  if (watch === undefined) throw new Error('feeds/ has no watch');
  return watch.rule;
}
