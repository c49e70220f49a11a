import { describe, expect, it } from 'vitest';
import { limitEntries, MAX_FEED_ENTRIES } from '../../src/parse/limit-entries.js';
import { parseFeed } from '../../src/parse/parse-feed.js';

const items = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => `<item><title>n${from + i}</title></item>`).join('');

describe('limitEntries', () => {
  it.each([
    ['RSS 2.0: cut before the third item, channel and rss closed', `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items(1, 4)}<image/></channel></rss>`, 'item', `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items(1, 2)}</channel></rss>`],
    [
      'RDF: items after the channel, only the root closed',
      '<rdf:RDF xmlns:rdf="r"><channel about="x"><items><rdf:Seq><rdf:li resource="a"/></rdf:Seq></items></channel><item>1</item><item>2</item><item>3</item></rdf:RDF>',
      'item',
      '<rdf:RDF xmlns:rdf="r"><channel about="x"><items><rdf:Seq><rdf:li resource="a"/></rdf:Seq></items></channel><item>1</item><item>2</item></rdf:RDF>',
    ],
    ['Atom, self-closing entries, a quoted ">" in an attribute', '<feed a="x>y"><title>t</title><entry/><entry/>\n<entry/></feed>', 'entry', '<feed a="x>y"><title>t</title><entry/><entry/>\n</feed>'],
    ['entry tags in CDATA and comments do not count', '<rss><channel><item/><![CDATA[<item/><item/>]]><!-- <item/> --><item/></channel></rss>', 'item', '<rss><channel><item/><![CDATA[<item/><item/>]]><!-- <item/> --><item/></channel></rss>'],
    ['<items> and <item-x> are not entries', '<rss><channel><items/><item-x/><item/><item/></channel></rss>', 'item', '<rss><channel><items/><item-x/><item/><item/></channel></rss>'],
    ['no more entries than the limit: unchanged', `<rss><channel>${items(1, 2)}</channel></rss>`, 'item', `<rss><channel>${items(1, 2)}</channel></rss>`],
    ['an unterminated comment before the cut: unchanged', '<rss><channel><item/><!-- <item/><item/></channel></rss>', 'item', '<rss><channel><item/><!-- <item/><item/></channel></rss>'],
    ['no root element: unchanged', '<!-- only a comment -->', 'item', '<!-- only a comment -->'],
  ] as const)('%s', (_name, xml, entry, expected) => {
    expect(limitEntries(xml, entry, 2)).toBe(expected);
  });

  it(`parseFeed reads the first ${MAX_FEED_ENTRIES} entries of a 10 MiB flood of 1.4 million items, and nothing after`, async () => {
    const flood = `<rss version="2.0"><channel><title>Crue</title>${'<item/>'.repeat(1_400_000)}<item><title>après</title></item></channel></rss>`;
    const feed = await parseFeed(`<rss version="2.0"><channel><title>Crue</title>${items(1, 3)}${flood.slice(flood.indexOf('<item/>'))}`);
    expect(feed.entries).toHaveLength(MAX_FEED_ENTRIES);
    expect(feed.entries.slice(0, 4)).toEqual([{ categories: [], title: 'n1' }, { categories: [], title: 'n2' }, { categories: [], title: 'n3' }, { categories: [] }]);
    expect(JSON.stringify(feed)).not.toContain('après');
  });
});
