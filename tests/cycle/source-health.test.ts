import { describe, expect, it } from 'vitest';
import { healthNotice } from '../../src/cycle/health-notice.js';
import { assessHealth, healthFactsAfter } from '../../src/cycle/source-health.js';
import type { SourceOutcome } from '../../src/cycle/source-outcome.js';
import type { SourceRecord } from '../../src/store/store.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const before: SourceRecord = {
  name: 'LeMagIT',
  url: 'https://lemagit.example/feed',
  seeded: true,
  validators: {},
  lastNewItemAt: '2026-11-20T12:00:00.000Z',
  consecutiveFailures: 3,
  lastError: { kind: 'timeout', message: 'total timeout', at: '2026-11-23T11:50:00.000Z' },
  itemsSeen: 10,
  health: 'ok',
};
const read = (newItems: number): SourceOutcome => ({ status: 'read', seeding: false, entries: 5, newItems, matched: 0, enqueued: 0 });
const failed: SourceOutcome = { status: 'failed', kind: 'http-status', message: 'HTTP 503' };

describe('healthFactsAfter', () => {
  it.each([
    ['skipped', { status: 'skipped', until: 'x' } as SourceOutcome, undefined],
    ['failed', failed, { consecutiveFailures: 4, lastNewItemAt: '2026-11-20T12:00:00.000Z' }],
    ['read with new items', read(2), { consecutiveFailures: 0, lastNewItemAt: NOW.toISOString() }],
    ['read, nothing new', read(0), { consecutiveFailures: 0, lastNewItemAt: '2026-11-20T12:00:00.000Z' }],
    ['304', { status: 'not-modified' } as SourceOutcome, { consecutiveFailures: 0, lastNewItemAt: '2026-11-20T12:00:00.000Z' }],
    ['same body', { status: 'unchanged' } as SourceOutcome, { consecutiveFailures: 0, lastNewItemAt: '2026-11-20T12:00:00.000Z' }],
  ])('%s', (_name, outcome, expected) => {
    expect(healthFactsAfter(before, outcome, NOW)).toEqual(expected);
  });

  it('starts from nothing for a source never recorded', () => {
    expect(healthFactsAfter(undefined, failed, NOW)).toEqual({ consecutiveFailures: 1, lastNewItemAt: undefined });
  });
});

describe('assessHealth', () => {
  const policy = { alertAfterFailures: 5, staleAfterMs: 2 * 86_400_000 };
  it.each([
    ['healthy', { consecutiveFailures: 0, lastNewItemAt: '2026-11-23T00:00:00.000Z' }, policy, 'ok'],
    ['4 failures of 5', { consecutiveFailures: 4, lastNewItemAt: '2026-11-23T00:00:00.000Z' }, policy, 'ok'],
    ['5 failures', { consecutiveFailures: 5, lastNewItemAt: '2026-11-23T00:00:00.000Z' }, policy, 'failing'],
    ['failing wins over stale', { consecutiveFailures: 9, lastNewItemAt: '2026-01-01T00:00:00.000Z' }, policy, 'failing'],
    ['silent 3 days, limit 2', { consecutiveFailures: 0, lastNewItemAt: '2026-11-20T12:00:00.000Z' }, policy, 'stale'],
    ['silent exactly 2 days', { consecutiveFailures: 0, lastNewItemAt: '2026-11-21T12:00:00.000Z' }, policy, 'ok'],
    ['stale check off', { consecutiveFailures: 0, lastNewItemAt: '2026-01-01T00:00:00.000Z' }, { ...policy, staleAfterMs: 0 }, 'ok'],
    ['never had a new item', { consecutiveFailures: 0, lastNewItemAt: undefined }, policy, 'ok'],
  ] as const)('%s -> %s', (_name, facts, thePolicy, expected) => {
    expect(assessHealth(facts, thePolicy, NOW)).toBe(expected);
  });
});

describe('healthNotice', () => {
  const source = { name: 'LeMagIT', url: 'https://lemagit.example/feed', displayUrl: 'https://lemagit.example/feed', host: 'lemagit.example', backfillMs: 0, staleAfterMs: 0 };
  it.each([
    ['failing', { from: 'ok', to: 'failing' }, failed, 'Source en échec : LeMagIT (4 cycles de suite)', 'Dernière erreur (http-status) : HTTP 503'],
    ['stale', { from: 'ok', to: 'stale' }, read(0), 'Source silencieuse : LeMagIT', "Aucun article nouveau depuis 3 jours. Le flux a peut-être changé d'adresse."],
    ['recovered', { from: 'failing', to: 'ok' }, read(1), 'Source rétablie : LeMagIT', 'Lue avec succès après 3 échecs.'],
    ['active again', { from: 'stale', to: 'ok' }, read(1), 'Source de nouveau active : LeMagIT', 'De nouveaux articles sont publiés.'],
  ] as const)('%s', (_name, change, outcome, title, summary) => {
    const facts = healthFactsAfter(before, outcome, NOW)!;
    const notice = healthNotice(source, change, before, facts, outcome, NOW);
    expect(notice).toEqual({
      id: `health:${change.to}:2026-11-23T12:00:00.000Z`,
      storyKey: `veille:health:LeMagIT:${change.from}>${change.to}:2026-11-23T12:00:00.000Z`,
      source: 'LeMagIT',
      title,
      link: 'https://lemagit.example/feed',
      summary,
      categories: [],
      published: '2026-11-23T12:00:00.000Z',
      publishedFromFeed: true,
    });
  });
});
