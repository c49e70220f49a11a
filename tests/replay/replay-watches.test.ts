import { describe, expect, it } from 'vitest';
import type { WatchConfig } from '../../src/config/config-types.js';
import { compileMatcher } from '../../src/match/index.js';
import { replayWatches } from '../../src/replay/replay-watches.js';
import type { FeedItem } from '../../src/parse/feed-item.js';
import type { PostedItem, SeenItemRecord } from '../../src/store/store.js';

const AT = '2026-12-01T10:00:00.000Z';

function item(source: string, id: string, title: string, storyKey = `https://news.example/${id}`): FeedItem {
  return { id, storyKey, source, title, summary: '', categories: [], link: storyKey, published: AT, publishedFromFeed: true };
}

function seen(feedItem: FeedItem, postable = true): SeenItemRecord {
  const { id, storyKey, source, title, summary, categories, published, publishedFromFeed } = feedItem;
  return { source, id, storyKey, firstSeenAt: AT, text: { title, summary, categories, ...(feedItem.link === undefined ? {} : { link: feedItem.link }), published, publishedFromFeed, postable } };
}

function post(watch: string, destination: string, feedItem: FeedItem, terms: string[] = []): PostedItem {
  return { watch, destination, terms, source: feedItem.source, storyKey: feedItem.storyKey, item: feedItem, status: 'delivered', enqueuedAt: AT };
}

function watch(name: string, rule: string, to: string[] = ['chat'], sources: string[] = ['A', 'B']): WatchConfig {
  return { name, rule, to, sources };
}

function replay(watches: WatchConfig[], items: SeenItemRecord[], posted: PostedItem[]) {
  const matcher = compileMatcher(watches.map((w) => ({ name: w.name, rule: w.rule })));
  return replayWatches({ watches, matcher, items, posted }).map((r) => ({
    watch: r.watch,
    wouldPost: r.wouldPost,
    posted: r.posted,
    added: r.added.map((i) => `${i.source}/${i.id}`),
    removed: r.removed.map((i) => `${i.source}/${i.id}`),
  }));
}

const huawei = item('A', 'h', 'Huawei cloud');
const ovh = item('A', 'o', 'OVH cloud');
const huaweiViaB = item('B', 'h2', 'Huawei cloud', huawei.storyKey);

describe('replayWatches', () => {
  it.each([
    {
      name: 'an unchanged rule shows no difference',
      watches: [watch('cloud', 'huawei')],
      items: [seen(huawei), seen(ovh)],
      posted: [post('cloud', 'chat', huawei)],
      expected: [{ watch: 'cloud', wouldPost: 1, posted: 1, added: [], removed: [] }],
    },
    {
      name: 'a widened rule adds, a narrowed one removes',
      watches: [watch('cloud', 'ovh')],
      items: [seen(huawei), seen(ovh)],
      posted: [post('cloud', 'chat', huawei)],
      expected: [{ watch: 'cloud', wouldPost: 1, posted: 1, added: ['A/o'], removed: ['A/h'] }],
    },
    {
      name: 'an item that could not be posted when seen (a seeding read) is never added',
      watches: [watch('cloud', 'ovh')],
      items: [seen(ovh, false)],
      posted: [],
      expected: [{ watch: 'cloud', wouldPost: 0, posted: 0, added: [], removed: [] }],
    },
    {
      name: 'a watch sees only its sources',
      watches: [watch('cloud', 'cloud', ['chat'], ['B'])],
      items: [seen(huawei), seen(ovh)],
      posted: [],
      expected: [{ watch: 'cloud', wouldPost: 0, posted: 0, added: [], removed: [] }],
    },
    {
      name: 'another source\'s copy of a story already sent to the destination is not added (live dedupe)',
      watches: [watch('cloud', 'huawei')],
      items: [seen(huawei), seen(huaweiViaB)],
      posted: [post('cloud', 'chat', huawei)],
      expected: [{ watch: 'cloud', wouldPost: 2, posted: 1, added: [], removed: [] }],
    },
    {
      name: 'the first watch in config order takes a destination: the second one no longer posts there',
      watches: [watch('first', 'cloud'), watch('second', 'huawei')],
      items: [seen(huawei)],
      posted: [post('second', 'chat', huawei)],
      expected: [
        { watch: 'first', wouldPost: 1, posted: 0, added: ['A/h'], removed: [] },
        { watch: 'second', wouldPost: 0, posted: 1, added: [], removed: ['A/h'] },
      ],
    },
    {
      name: 'a posted item is judged on the outbox copy even when its seen text is gone',
      watches: [watch('cloud', 'ovh')],
      items: [],
      posted: [post('cloud', 'chat', huawei), post('cloud', 'other', huawei), post('notice', 'chat', ovh)],
      expected: [{ watch: 'cloud', wouldPost: 0, posted: 1, added: [], removed: ['A/h'] }],
    },
  ])('$name', ({ watches, items, posted, expected }) => {
    expect(replay(watches, items, posted)).toEqual(expected);
  });
});
