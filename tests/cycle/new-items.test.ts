import { describe, expect, it } from 'vitest';
import type { WatchConfig } from '../../src/config/config-types.js';
import { prepareNewItems } from '../../src/cycle/new-items.js';
import { compileMatcher } from '../../src/match/index.js';
import type { IdentifiedEntry } from '../../src/parse/identify-entries.js';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const watch: WatchConfig = { name: 'cloud', rule: ['Huawei'], sources: ['A'], to: ['console'] };
const matcher = compileMatcher([{ name: 'cloud', rule: ['Huawei'] }]);

function entry(id: string, title: string, summaryHtml = ''): IdentifiedEntry {
  const link = `https://news.example/${id}`;
  return { entry: { guid: id, link, title, summaryHtml, categories: [], date: '2026-11-23T11:00:00Z' }, id: `guid:${id}`, storyKey: link, link };
}

function prepare(entries: IdentifiedEntry[], unseen: string[], seeding = false) {
  return prepareNewItems(entries, new Set(unseen), {
    source: { name: 'A', url: 'https://a.example/feed' },
    matcher,
    plan: { watches: new Map([['cloud', { watch, sources: new Set(['A']) }]]), seeding, backfillMs: 0, retentionMs: 90 * 86_400_000, now: NOW },
  });
}

describe('prepareNewItems', () => {
  it('normalizes, matches and plans only unseen entries, each id once', () => {
    const entries = [
      entry('1', 'Huawei ouvre une région cloud à Paris', '<p>L’équipementier&nbsp;accélère</p>'),
      entry('2', 'Un article déjà vu sur Huawei'),
      entry('3', 'Rien à voir'),
      entry('4', 'Une longue nouvelle sans rapport avec la veille'),
      entry('1', 'Huawei ouvre une région cloud à Paris (répété)'),
    ];
    const { items, matched } = prepare(entries, ['guid:1', 'guid:3', 'guid:4']);
    expect(matched).toBe(1);
    expect(items.map(({ item, deliveries, titleKey }) => ({ id: item.id, summary: item.summary, deliveries, titleKey }))).toEqual([
      {
        id: 'guid:1',
        summary: 'L’équipementier accélère',
        deliveries: [{ destination: 'console', watch: 'cloud', terms: ['Huawei'] }],
        titleKey: 'title:huawei ouvre une region cloud a paris',
      },
      { id: 'guid:3', summary: '', deliveries: [] }, // too short for a headline key
      { id: 'guid:4', summary: '', deliveries: [] }, // nothing to enqueue: no headline key needed
    ]);
  });

  it('records but plans nothing on first sight', () => {
    const { items, matched } = prepare([entry('1', 'Huawei ouvre une région cloud à Paris')], ['guid:1'], true);
    expect(matched).toBe(0);
    expect(items.map(({ item, deliveries, titleKey }) => [item.id, deliveries, titleKey])).toEqual([['guid:1', [], undefined]]);
  });
});
