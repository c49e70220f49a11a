import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/errors/feed-parse-error.js';
import { parseFeed } from '../../src/parse/parse-feed.js';
import { readFixture } from './read-fixture.js';

/**
 * sax (under xml2js/rss-parser) keeps a DOCTYPE as an opaque string: the entities it declares are
 * never defined. A reference to one is an undefined entity, which the repair pass turns into
 * literal text: nothing is expanded and no SYSTEM identifier is ever opened.
 */
describe('parseFeed and DTDs', () => {
  it('billion laughs: &lol9; stays five characters of text', async () => {
    const feed = await parseFeed(readFixture('billion-laughs.xml'));
    expect(feed).toEqual({
      title: 'Billion laughs',
      entries: [{ categories: [], link: 'https://example.org/lol', title: '&lol9;' }],
    });
    expect(JSON.stringify(feed)).not.toContain('lollol');
  });

  it('external entity: &xxe; is never resolved, no file content appears', async () => {
    const feed = await parseFeed(readFixture('xxe-file.xml'));
    expect(feed).toEqual({
      title: 'External entity',
      entries: [{ categories: [], link: 'https://example.org/xxe', title: 'Leak: &xxe;' }],
    });
    expect(JSON.stringify(feed)).not.toMatch(/root:|nologin|bin\/(ba)?sh/);
  });

  it('never expands an internal entity, even a harmless one', async () => {
    const xml = '<!DOCTYPE rss [<!ENTITY co "Example Co">]><rss version="2.0"><channel><title>&co;</title></channel></rss>';
    expect(await parseFeed(xml)).toEqual({ title: '&co;', entries: [] });
  });

  it('parses a document whose DTD declares entities it never uses, leaving them unexpanded', async () => {
    const feed = await parseFeed(readFixture('dtd-unreferenced.xml'));
    expect(feed.entries).toEqual([
      { categories: [], link: 'https://example.org/plain', title: 'Plain item', summaryHtml: '&xxe; and &lol1; are only text here' },
    ]);
    expect(JSON.stringify(feed)).not.toMatch(/root:|lollol/);
  });

  it('ignores an external DTD reference (RSS 0.91 Netscape DOCTYPE) without fetching it', async () => {
    const feed = await parseFeed(readFixture('rss-091.xml'));
    expect(feed.title).toBe('Veille 0.91');
  });

  it.each([
    ['an unterminated DOCTYPE', '<!DOCTYPE rss [ <!ENTITY a "b"> ', 'malformed-xml: the XML prolog never ends'],
    [
      'an unterminated CDATA section',
      '<rss version="2.0"><channel><title><![CDATA[never closed',
      'malformed-xml: malformed XML: Unclosed root tag (line 1, column 56)',
    ],
    [
      'an unterminated comment inside the document',
      '<rss version="2.0"><channel><!-- never closed',
      'malformed-xml: malformed XML: Unclosed root tag (line 1, column 45)',
    ],
    ['deeply nested elements', `<rss version="2.0"><channel>${'<x>'.repeat(20_000)}${'</x>'.repeat(20_000)}</channel></rss>`, 'parsed 0'],
    ['a long run of bare ampersands', `<rss version="2.0"><channel><title>${'&'.repeat(50_000)}</title></channel></rss>`, 'parsed 0'],
    [
      'bare ampersands in a document that stays malformed',
      `<rss version="2.0"><channel><title>${'&'.repeat(50_000)}</title></channel>`,
      'malformed-xml: malformed XML: Invalid character in entity name (line 1, column 37)',
    ],
  ])('terminates on %s', async (_name, xml, expected) => {
    const outcome = await parseFeed(xml).then(
      (feed) => `parsed ${feed.entries.length}`,
      (error: unknown) => (error instanceof FeedParseError ? `${error.kind}: ${error.message}` : 'other'),
    );
    expect(outcome).toBe(expected);
  });
});
