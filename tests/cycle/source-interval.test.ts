import { describe, expect, it } from 'vitest';
import { dueSources, effectiveInterval, isDue, MAX_FEED_HINT_MS, nextDue, sourcePolicy, type SourceDue, type SourcePolicy } from '../../src/cycle/source-interval.js';
import type { FeedHints, SourceRecord } from '../../src/store/store.js';

const H = 3_600_000;
const M = 60_000;
const source = { url: 'https://a.example/feed' };
const record = (fields: Partial<SourceRecord> = {}): SourceRecord => ({
  name: 'A', url: source.url, seeded: true, validators: {}, consecutiveFailures: 0, itemsSeen: 3, health: 'ok', lastAttemptAt: '2026-12-05T10:00:00.000Z', ...fields,
});

describe('effectiveInterval', () => {
  const cases: [string, SourcePolicy, FeedHints | undefined, ReturnType<typeof effectiveInterval>][] = [
    ['nothing: each tick of the schedule', { feedHints: true }, undefined, { intervalMs: 0, reason: 'schedule' }],
    ['every: alone', { everyMs: H, feedHints: true }, undefined, { intervalMs: H, reason: 'every' }],
    ['a ttl longer than every: wins', { everyMs: H, feedHints: true }, { ttlMs: 2 * H }, { intervalMs: 2 * H, reason: 'ttl' }],
    ['a ttl shorter than every: every wins', { everyMs: H, feedHints: true }, { ttlMs: 30 * M }, { intervalMs: H, reason: 'every' }],
    ['a tie: every first', { everyMs: H, feedHints: true }, { ttlMs: H, maxAgeMs: H }, { intervalMs: H, reason: 'every' }],
    ['the longest of the hints', { feedHints: true }, { ttlMs: 30 * M, updatePeriodMs: H, maxAgeMs: 5 * M }, { intervalMs: H, reason: 'update-period' }],
    ['max-age alone', { feedHints: true }, { maxAgeMs: 15 * M }, { intervalMs: 15 * M, reason: 'max-age' }],
    ['a hint is capped at a day', { feedHints: true }, { ttlMs: 7 * 24 * H }, { intervalMs: MAX_FEED_HINT_MS, reason: 'ttl' }],
    ['hints turned off', { everyMs: H, feedHints: false }, { ttlMs: 2 * H }, { intervalMs: H, reason: 'every' }],
    ['hints turned off, no every', { feedHints: false }, { ttlMs: 2 * H }, { intervalMs: 0, reason: 'schedule' }],
    ['a zero max-age (no-cache) asks nothing', { feedHints: true }, { maxAgeMs: 0 }, { intervalMs: 0, reason: 'schedule' }],
  ];
  it.each(cases)('%s', (_name, policy, hints, expected) => {
    expect(effectiveInterval(policy, hints)).toEqual(expected);
  });
});

describe('sourcePolicy', () => {
  it.each([
    [{}, {}, { feedHints: true }],
    [{ everyMs: H }, { feedHints: false }, { everyMs: H, feedHints: false }],
    [{ feedHints: true }, { feedHints: false }, { feedHints: true }],
    [{ feedHints: false }, {}, { feedHints: false }],
  ])('source %j with settings %j', (sourceFields, settings, expected) => {
    expect(sourcePolicy(sourceFields, settings)).toEqual(expected);
  });
});

describe('nextDue and isDue', () => {
  const hourly: SourcePolicy = { everyMs: H, feedHints: true };
  const cases: [string, SourcePolicy, SourceRecord | undefined, SourceDue][] = [
    ['never read: now', hourly, undefined, { intervalMs: H, reason: 'every' }],
    ['read at 10:00, every 1h: 11:00', hourly, record(), { intervalMs: H, reason: 'every', dueAt: '2026-12-05T11:00:00.000Z' }],
    ['the feed asks 2h', hourly, record({ feedHints: { ttlMs: 2 * H } }), { intervalMs: 2 * H, reason: 'ttl', dueAt: '2026-12-05T12:00:00.000Z' }],
    ['backing off past the interval', hourly, record({ nextAttemptAt: '2026-12-05T13:00:00.000Z' }), { intervalMs: H, reason: 'backoff', dueAt: '2026-12-05T13:00:00.000Z' }],
    ['a backoff ending before the interval', hourly, record({ nextAttemptAt: '2026-12-05T10:30:00.000Z' }), { intervalMs: H, reason: 'every', dueAt: '2026-12-05T11:00:00.000Z' }],
    ['no interval, a backoff', { feedHints: true }, record({ nextAttemptAt: '2026-12-05T10:30:00.000Z' }), { intervalMs: 0, reason: 'backoff', dueAt: '2026-12-05T10:30:00.000Z' }],
    ['the source moved to another URL: now, the old hints ignored', { feedHints: true }, record({ url: 'https://old.example/feed', feedHints: { ttlMs: H } }), { intervalMs: 0, reason: 'schedule' }],
  ];
  it.each(cases)('%s', (_name, policy, stored, expected) => {
    expect(nextDue(source, policy, stored)).toEqual(expected);
  });

  it.each([
    ['at the due time', '2026-12-05T11:00:00.000Z', true],
    ['within the slack (5% of 1h, at most 1 min): a tick just before the last read plus 1h', '2026-12-05T10:59:00.000Z', true],
    ['before the slack', '2026-12-05T10:58:59.999Z', false],
    ['long after', '2026-12-06T00:00:00.000Z', true],
  ])('every 1h, read at 10:00: %s', (_name, now, expected) => {
    expect(isDue({ intervalMs: H, reason: 'every', dueAt: '2026-12-05T11:00:00.000Z' }, new Date(now))).toBe(expected);
  });

  it('a backoff has no slack; no due time is due', () => {
    expect(isDue({ intervalMs: H, reason: 'backoff', dueAt: '2026-12-05T11:00:00.000Z' }, new Date('2026-12-05T10:59:59.999Z'))).toBe(false);
    expect(isDue({ intervalMs: 0, reason: 'schedule' }, new Date('2026-12-05T10:00:00.000Z'))).toBe(true);
  });

  it('dueSources keeps the sources a tick reads, in order', () => {
    const sources = [
      { name: 'A', url: source.url, everyMs: H },
      { name: 'B', url: 'https://b.example/feed' },
      { name: 'C', url: 'https://c.example/feed', everyMs: 10 * M },
    ];
    const records = new Map([
      ['A', record()],
      ['B', record({ name: 'B', url: 'https://b.example/feed', feedHints: { ttlMs: 2 * H } })],
      ['C', record({ name: 'C', url: 'https://c.example/feed' })],
    ]);
    expect(dueSources(sources, {}, records, new Date('2026-12-05T10:30:00.000Z')).map((s) => s.name)).toEqual(['C']);
    expect(dueSources(sources, { feedHints: false }, records, new Date('2026-12-05T10:30:00.000Z')).map((s) => s.name)).toEqual(['B', 'C']);
    expect(dueSources(sources, {}, records, new Date('2026-12-05T12:00:00.000Z')).map((s) => s.name)).toEqual(['A', 'B', 'C']);
  });
});
