import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/parse/feed-item.js';
import { ITEM_SUMMARY_MAX_CHARS, itemTextJson, parseItemText } from '../../src/store/item-text.js';

const item: FeedItem = {
  id: 'guid:1',
  storyKey: 'https://a.example/1',
  source: 'a',
  title: 'Cloud souverain : l’État choisit',
  link: 'https://a.example/1',
  summary: 'Un résumé « court ».',
  categories: ['Cloud', 'Numérique'],
  published: '2025-03-01T09:00:00.000Z',
  publishedFromFeed: true,
};
const { link: _link, ...withoutLink } = item;

describe('itemTextJson', () => {
  it.each([
    {
      name: 'with a link',
      value: item,
      postable: true,
      json: '{"title":"Cloud souverain : l’État choisit","summary":"Un résumé « court ».","categories":["Cloud","Numérique"],"link":"https://a.example/1","published":"2025-03-01T09:00:00.000Z","publishedFromFeed":true,"postable":true}',
    },
    {
      name: 'without a link',
      value: withoutLink,
      postable: false,
      json: '{"title":"Cloud souverain : l’État choisit","summary":"Un résumé « court ».","categories":["Cloud","Numérique"],"published":"2025-03-01T09:00:00.000Z","publishedFromFeed":true,"postable":false}',
    },
  ])('$name: the same keys in the same order, read back as written', ({ value, postable, json }) => {
    expect(itemTextJson(value, postable)).toBe(json);
    expect(parseItemText(json)).toEqual(JSON.parse(json));
  });

  it('bounds the summary', () => {
    const long = itemTextJson({ ...item, summary: 'x'.repeat(ITEM_SUMMARY_MAX_CHARS + 10) }, true);
    expect(parseItemText(long).summary.length).toBeLessThanOrEqual(ITEM_SUMMARY_MAX_CHARS);
  });
});
