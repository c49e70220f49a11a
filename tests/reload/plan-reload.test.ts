import { describe, expect, it } from 'vitest';
import type { VeilleConfig } from '../../src/config/config-types.js';
import { keptDestinations, planReload, withStartOnlySettings } from '../../src/reload/plan-reload.js';
import { reloadConfig } from './reload-config.js';

const base = reloadConfig();
const none = { added: [], removed: [], changed: [] };
const [sourceA, sourceB] = base.sources as [VeilleConfig['sources'][0], VeilleConfig['sources'][0]];
const discord = (token: string) => ({ name: 'chat', type: 'discord-webhook', options: { id: '1', token } });

describe('planReload', () => {
  const cases: { name: string; next: VeilleConfig; expected: Partial<ReturnType<typeof planReload>> }[] = [
    { name: 'the same configuration', next: reloadConfig(), expected: { unchanged: true, sources: none, watches: none, destinations: none, scheduleChanged: false, settingsChanged: [], needsRestart: [] } },
    {
      name: 'a source added, one removed',
      next: reloadConfig({ sources: [sourceA, { ...sourceB, name: 'C' }] }),
      expected: { unchanged: false, sources: { added: ['C'], removed: ['B'], changed: [] } },
    },
    { name: 'a source moved to another URL', next: reloadConfig({ sources: [sourceA, { ...sourceB, url: 'https://b.example/new' }] }), expected: { sources: { added: [], removed: [], changed: ['B'] } } },
    {
      name: 'a watch rule changed',
      next: reloadConfig({ watches: [{ name: 'cloud', rule: 'Huawei AND cloud', sources: ['A', 'B'], to: ['console'] }] }),
      expected: { unchanged: false, watches: { added: [], removed: [], changed: ['cloud'] } },
    },
    { name: 'the schedule changed', next: reloadConfig({ schedule: '*/5 * * * *' }), expected: { unchanged: false, scheduleChanged: true } },
    { name: 'a setting read each cycle', next: reloadConfig({ settings: { ...base.settings, perHost: 4 } }), expected: { unchanged: false, settingsChanged: ['per_host'], needsRestart: [] } },
    { name: 'a setting read at start', next: reloadConfig({ settings: { ...base.settings, httpPort: 9100 } }), expected: { unchanged: false, settingsChanged: [], needsRestart: ['http_port'] } },
    {
      name: 'the time zone: every destination renders dates in it',
      next: reloadConfig({ settings: { ...base.settings, timezone: 'UTC' } }),
      expected: { settingsChanged: ['timezone'], destinations: { added: [], removed: [], changed: ['console'] } },
    },
    { name: 'where alerts go', next: reloadConfig({ alertDestinations: ['console'] }), expected: { unchanged: false } },
  ];
  for (const { name, next, expected } of cases) {
    it(name, () => {
      expect(planReload(base, next)).toMatchObject(expected);
    });
  }

  it('keeps the clients of unchanged destinations only', () => {
    const running = reloadConfig({ destinations: [{ name: 'console', type: 'console', options: {} }, discord('one'), { name: 'old', type: 'console', options: {} }] });
    const next = reloadConfig({ destinations: [{ name: 'console', type: 'console', options: {} }, discord('two'), { name: 'new', type: 'console', options: {} }] });
    const plan = planReload(running, next);
    expect(plan.destinations).toEqual({ added: ['new'], removed: ['old'], changed: ['chat'] });
    expect(keptDestinations(plan, running)).toEqual(['console']);
  });

  it('keeps the running value of settings read at start', () => {
    const running = reloadConfig({ settings: { ...base.settings, httpPort: 9100 } });
    const next = reloadConfig({ settings: { ...base.settings, httpPort: 9200, database: 'postgres://db/veille', perHost: 3 } });
    expect(withStartOnlySettings(running, next).settings).toEqual({ ...base.settings, httpPort: 9100, perHost: 3 });
  });
});
