import type { Delivery } from '../../src/deliver/destination.js';
import type { FeedItem } from '../../src/parse/feed-item.js';

/** Shared by render and deliver tests (not a test file itself). */
export function makeItem(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    id: 'guid-1',
    storyKey: 'https://www.example.fr/articles/cloud-souverain',
    source: 'LeMagIT',
    title: 'Le cloud souverain progresse',
    link: 'https://www.example.fr/articles/cloud-souverain',
    summary: 'Les offres de cloud souverain se multiplient en France.',
    categories: ['Cloud'],
    published: '2024-03-05T13:30:00.000Z',
    publishedFromFeed: true,
    ...overrides,
  };
}

export function makeDelivery(
  overrides: { item?: Partial<FeedItem>; watch?: string; terms?: readonly string[]; color?: number } = {},
): Delivery {
  return {
    item: makeItem(overrides.item),
    watch: overrides.watch ?? 'Cloud souverain',
    terms: overrides.terms ?? ['cloud souverain'],
    ...(overrides.color === undefined ? {} : { color: overrides.color }),
  };
}

/** A title built to abuse chat formatting: mass mentions, a role mention, a Slack broadcast, a masked link, 5000 characters. */
export const HOSTILE_TITLE = (() => {
  const head = '@everyone @here <@&123456789012345678> <@123> <#456> <!channel> <!here> [x](http://evil.example) *gras* ';
  return head + 'x'.repeat(5000 - head.length);
})();

/** French typography: accents, « guillemets » with U+00A0, U+202F before « ; : ! ? », an apostrophe ’. */
export const FRENCH_TEXT = 'Électricité\u00A0: l’État dévoile «\u00A0France\u202F2030\u00A0» — où en est-on\u202F? Ça déçoit\u202F!';
