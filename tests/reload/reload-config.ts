import type { VeilleConfig } from '../../src/config/config-types.js';
import { DEFAULT_SCHEDULE, DEFAULT_SETTINGS } from '../../src/config/config-defaults.js';

/** A small valid configuration (as the loader would return it) for pure reload tests. */
export function reloadConfig(overrides: Partial<VeilleConfig> = {}): VeilleConfig {
  const { backfillMs: _backfillMs, staleAfterMs: _staleAfterMs, ...settings } = DEFAULT_SETTINGS;
  return {
    dir: '/etc/veille',
    schedule: DEFAULT_SCHEDULE,
    settings,
    sources: [
      { name: 'A', url: 'https://a.example/feed', displayUrl: 'https://a.example/feed', host: 'a.example', backfillMs: 0, staleAfterMs: 0 },
      { name: 'B', url: 'https://b.example/feed', displayUrl: 'https://b.example/feed', host: 'b.example', backfillMs: 0, staleAfterMs: 0 },
    ],
    watches: [{ name: 'cloud', rule: ['Huawei'], sources: ['A', 'B'], to: ['console'] }],
    destinations: [{ name: 'console', type: 'console', options: {} }],
    alertDestinations: [],
    inactiveDestinations: [],
    warnings: [],
    ...overrides,
  };
}
