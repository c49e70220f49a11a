import { describe, expect, it } from 'vitest';
import type { WatchConfig } from '../../src/config/config-types.js';
import { isPostable, planDeliveries, type DeliveryPlanContext } from '../../src/cycle/plan-deliveries.js';
import type { FeedItem } from '../../src/parse/feed-item.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function item(published: string, publishedFromFeed = true): FeedItem {
  return { id: 'guid:1', storyKey: 'https://x.example/1', source: 'A', title: 't', summary: '', categories: [], published, publishedFromFeed };
}

function context(overrides: Partial<DeliveryPlanContext> = {}): DeliveryPlanContext {
  const watch = (name: string, to: string[], sources: string[], color?: number): [string, { watch: WatchConfig; sources: Set<string> }] => [
    name,
    { watch: { name, rule: ['x'], sources, to, ...(color === undefined ? {} : { color }) }, sources: new Set(sources) },
  ];
  return {
    watches: new Map([watch('first', ['console', 'discord'], ['A', 'B'], 0xff0000), watch('second', ['discord', 'slack'], ['A']), watch('b-only', ['console'], ['B'])]),
    seeding: false,
    backfillMs: 0,
    retentionMs: 90 * DAY,
    now: NOW,
    ...overrides,
  };
}

describe('isPostable', () => {
  it.each([
    ['seen source, fresh item', {}, item('2026-11-23T11:00:00Z'), true],
    ['seen source, item older than retention', {}, item('2026-08-01T00:00:00Z'), false],
    ['seen source, undated item (first-seen time)', {}, item('2026-11-23T12:00:00Z', false), true],
    ['first sight, no backfill', { seeding: true }, item('2026-11-23T11:59:00Z'), false],
    ['first sight, within backfill', { seeding: true, backfillMs: DAY }, item('2026-11-23T00:00:00Z'), true],
    ['first sight, older than backfill', { seeding: true, backfillMs: DAY }, item('2026-11-21T00:00:00Z'), false],
    ['first sight, undated item is never backfilled', { seeding: true, backfillMs: DAY }, item('2026-11-23T12:00:00Z', false), false],
  ] as const)('%s -> %s', (_name, overrides, candidate, expected) => {
    expect(isPostable(candidate, context(overrides))).toBe(expected);
  });
});

describe('planDeliveries', () => {
  it('sends one delivery per destination; the first watch in config order wins', () => {
    const planned = planDeliveries('A', [
      { watch: 'first', terms: ['Huawei'] },
      { watch: 'second', terms: ['Bleu'] },
    ], context());
    expect(planned).toEqual([
      { destination: 'console', watch: 'first', terms: ['Huawei'], color: 0xff0000 },
      { destination: 'discord', watch: 'first', terms: ['Huawei'], color: 0xff0000 },
      { destination: 'slack', watch: 'second', terms: ['Bleu'] },
    ]);
  });

  it('ignores watches that do not apply to the source, and unknown watches', () => {
    expect(planDeliveries('B', [{ watch: 'second', terms: ['Bleu'] }, { watch: 'nope', terms: ['x'] }], context())).toEqual([]);
    expect(planDeliveries('B', [{ watch: 'b-only', terms: ['x'] }], context())).toEqual([{ destination: 'console', watch: 'b-only', terms: ['x'] }]);
  });
});
