import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/errors/feed-parse-error.js';
import { parseFeed, type ParsedFeed } from '../../src/parse/parse-feed.js';
import { readFixture } from './read-fixture.js';

async function parseError(xml: string): Promise<FeedParseError> {
  try {
    await parseFeed(xml);
  } catch (error) {
    if (error instanceof FeedParseError) return error;
    throw error;
  }
  throw new Error('parseFeed resolved');
}

describe('parseFeed formats', () => {
  it.each<[string, ParsedFeed]>([
    [
      'rss-091.xml',
      {
        title: 'Veille 0.91',
        link: 'https://example.org/',
        entries: [
          { categories: [], link: 'https://example.org/items/1?utm_source=rss', title: 'First 0.91 item', summaryHtml: 'Plain description of the first item.' },
          { categories: [], link: 'https://example.org/items/2', title: 'Second 0.91 item' },
        ],
      },
    ],
    [
      'rss-10-rdf.xml',
      {
        title: 'Veille RDF',
        link: 'https://example.org/',
        entries: [
          { categories: ['Sécurité'], link: 'https://example.org/rdf/1', title: 'RDF item one', summaryHtml: 'First RDF description', date: '2024-03-27T10:15:00+01:00' },
          { categories: [], link: 'https://example.org/rdf/2', title: 'RDF item two', summaryHtml: 'Only rdf:about identifies this one' },
        ],
      },
    ],
    [
      'rss-20.xml',
      {
        title: 'Veille RSS 2.0',
        link: 'https://example.org/',
        entries: [
          {
            categories: ['Security', 'Ransomware', 'security'],
            guid: 'example-7',
            link: 'https://example.org/2024/ransomware?utm_medium=rss&id=7#comments',
            title: 'Ransomware hits a hospital',
            summaryHtml: '<p>A <b>short</b> description.</p>',
            contentHtml: '<p>The full article, much longer than the description.</p>',
            date: 'Wed, 27 Mar 2024 09:15:00 GMT',
          },
          {
            categories: [],
            guid: 'https://example.org/2024/permalink',
            link: 'https://example.org/2024/permalink',
            title: 'Guid as permalink',
            summaryHtml: 'No link element: the permalink guid is the link.',
            date: '2024-03-26T08:00:00Z',
          },
          {
            categories: [],
            link: 'https://example.org/2024/only-content',
            title: 'Only content',
            contentHtml: '<div><p>Body&nbsp;text</p><script>track()</script></div>',
          },
        ],
      },
    ],
    [
      'atom-10.xml',
      {
        title: 'Veille Atom',
        link: 'https://example.org/',
        entries: [
          {
            categories: ['rust', 'types'],
            guid: 'tag:example.org,2024:vec',
            link: '/posts/vec',
            // type="text" (the default) is escaped, so reading it as HTML gives back the literal text.
            title: 'Why Vec&lt;T> &amp; friends matter',
            summaryHtml: '<p>Generic <em>collections</em></p>',
            // xml2js keeps text and child elements apart: mixed xhtml content loses its order.
            contentHtml: '<div type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Full  content<b>xhtml</b></p></div></div>',
            date: '2024-03-27T10:00:00+01:00',
          },
          {
            categories: [],
            guid: 'tag:example.org,2024:second',
            link: 'https://publisher.example.net/second',
            title: '<b>Bold</b> title',
            contentHtml: 'Plain text with &lt;angle> brackets',
            date: '2024-03-26T09:30:00Z',
          },
        ],
      },
    ],
    [
      'french-entities.xml',
      {
        title: "L'actualité & la veille",
        link: 'https://www.example.fr/',
        entries: [
          {
            categories: ['Cybersécurité', 'cybersécurité'],
            guid: 'https://www.example.fr/cyber/anssi-faille-critique.html',
            link: 'https://www.example.fr/cyber/anssi-faille-critique.html',
            title: 'L’ANSSI alerte\u00a0: une faille   critique\n        touche les «\u00a0routeurs\u00a0»',
            summaryHtml:
              '<p>L&#8217;agence recommande d&rsquo;appliquer le correctif &eacute;dit&eacute; par le constructeur.</p><style>p{color:red}</style>',
            date: 'lun., 25 mars 2024 14:05:00 CET',
          },
          {
            categories: [],
            guid: 'https://www.example.fr/politique/election.html',
            link: 'https://www.example.fr/politique/election.html',
            title: 'Élection : « C’est déjà demain »',
            summaryHtml: '<p>Les électeurs sont appelés aux urnes&hellip;</p>',
            date: 'Mardi 26 mars 2024 08h30 +0100',
          },
        ],
      },
    ],
    [
      'dtd-unreferenced.xml',
      {
        title: 'DTD declared, entities never used',
        entries: [{ categories: [], link: 'https://example.org/plain', title: 'Plain item', summaryHtml: '&xxe; and &lol1; are only text here' }],
      },
    ],
  ])('%s', async (name, expected) => {
    expect(await parseFeed(readFixture(name))).toEqual(expected);
  });

  it.each([
    ['french-latin1.xml'],
    ['french-latin1-undeclared.xml'],
    ['french-latin1-declared-utf8.xml'],
    ['french-utf8-declared-latin1.xml'],
    ['french-utf16le-bom.xml'],
    ['french-utf16be.xml'],
  ])('%s: a stale encoding declaration in decoded text does not mislead the parser', async (name) => {
    expect(await parseFeed(readFixture(name))).toEqual({
      title: 'Le Monde de la sécurité',
      link: 'https://www.example.fr/',
      entries: [
        {
          categories: [],
          link: 'https://www.example.fr/ete-des-failles.html',
          title: 'L’été des failles : déjà trois alertes à Orléans',
          summaryHtml: 'Les équipes ont corrigé le problème – « enfin ».',
          date: 'Tue, 02 Jul 2024 08:00:00 +0200',
        },
      ],
    });
  });

  it('repairs shapes that crash rss-parser: Atom text-only <link>, unreadable Atom date', async () => {
    expect(await parseFeed(readFixture('atom-odd-shapes.xml'))).toEqual({
      title: 'Odd shapes',
      link: 'https://example.org/',
      entries: [
        {
          categories: [],
          guid: 'odd-1',
          link: 'https://example.org/odd/1',
          title: 'French date rss-parser cannot read',
          date: 'le 25 mars 2024 à 10h00',
        },
      ],
    });
  });

  it('repairs <rss> without <channel>: items directly under the root', async () => {
    expect(await parseFeed(readFixture('rss-without-channel.xml'))).toEqual({
      title: 'No channel element',
      entries: [{ categories: [], link: 'https://example.org/no-channel', title: 'Item directly under rss' }],
    });
  });

  it.each([
    ['<rss version="2.0"><channel><title>t</title></channel></rss>', { title: 't', entries: [] }],
    ['<rss><channel></channel></rss>', { title: '', entries: [] }],
    ['<rss/>', { title: '', entries: [] }],
    ['<feed></feed>', { title: '', entries: [] }],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', { title: '', entries: [] }],
    ['<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>b</b></div></title></feed>', { title: 'A b', entries: [] }],
    ['<feed xmlns="http://www.w3.org/2005/Atom"><entry><link/><title/></entry></feed>', { title: '', entries: [{ categories: [] }] }],
    ['<rss version="2.0"><channel><item><guid isPermaLink="true">not-a-url</guid></item></channel></rss>', { title: '', entries: [{ categories: [], guid: 'not-a-url' }] }],
    ['<rss version="2.0"><channel><item><guid isPermaLink="false">https://example.org/x</guid></item></channel></rss>', { title: '', entries: [{ categories: [], guid: 'https://example.org/x' }] }],
    ['<?xml version="1.0"?>\n<?xml-stylesheet href="s.xsl"?>\n<!-- c -->\n<rss version="2.0"><channel><title>PI</title></channel></rss>', { title: 'PI', entries: [] }],
    ['<feed xml:base="https://base.example/dir/" xmlns="http://www.w3.org/2005/Atom"><entry><link href="page"/></entry></feed>', { title: '', entries: [{ categories: [], link: 'https://base.example/dir/page' }] }],
  ])('edge document %#', async (xml, expected) => {
    expect(await parseFeed(xml)).toEqual(expected);
  });

  it('escapes bare ampersands on a second attempt, outside CDATA sections only', async () => {
    const xml = [
      '<rss version="2.0"><channel><title>Procter & Gamble</title>',
      '<item><title>AT&T &amp; Verizon</title><link>http://example.com/bad?foo=1&bar=2</link>',
      '<description><![CDATA[<a href="/x?a=1&b=2">R&D</a>]]></description></item>',
      '</channel></rss>',
    ].join('');
    expect(await parseFeed(xml)).toEqual({
      title: 'Procter & Gamble',
      entries: [
        { categories: [], title: 'AT&T & Verizon', link: 'http://example.com/bad?foo=1&bar=2', summaryHtml: '<a href="/x?a=1&b=2">R&D</a>' },
      ],
    });
  });

  it.each([
    ['unknown entity: kept as text', '<rss version="2.0"><channel><title>testing &doesnotexist; entity</title></channel></rss>', 'testing &doesnotexist; entity'],
    ['HTML5-only entity: decoded', '<rss version="2.0"><channel><title>a &NotEqualTilde; b &hellip;</title></channel></rss>', 'a \u2242\u0338 b …'],
    ['truncated last end tag: completed', '<rss version="2.0"><channel><title>cut</title></channel>\n</rss', 'cut'],
    ['several faults at once', '<rss version="2.0"><channel><title>R&D &doesnotexist;</title></channel></rss', 'R&D &doesnotexist;'],
  ])('repairs %s', async (_name, xml, title) => {
    expect(await parseFeed(xml)).toEqual({ title, entries: [] });
  });

  it('uses a fresh parser per document (concurrent parses do not mix)', async () => {
    const [a, b] = await Promise.all([parseFeed(readFixture('rss-20.xml')), parseFeed(readFixture('atom-10.xml'))]);
    expect(a.title).toBe('Veille RSS 2.0');
    expect(b.title).toBe('Veille Atom');
    expect(a.entries).toHaveLength(3);
    expect(b.entries).toHaveLength(2);
  });
});

describe('parseFeed failures', () => {
  it.each([
    ['', 'not-a-feed', 'the document is empty'],
    ['  \n\t ', 'not-a-feed', 'the document is empty'],
    ['{"version":"https://jsonfeed.org/version/1.1","items":[]}', 'not-a-feed', 'the document is not XML (it starts with "{\\"version\\":\\"http")'],
    ['Service unavailable', 'not-a-feed', 'the document is not XML (it starts with "Service unavaila")'],
    ['<!DOCTYPE html>\n<html><head><title>Home</title></head><body><p>Hi<br></body></html>', 'not-a-feed', 'the document is an HTML page, not an RSS or Atom feed'],
    ['<HTML><BODY>Moved</BODY></HTML>', 'not-a-feed', 'the document is an HTML page, not an RSS or Atom feed'],
    ['<?xml version="1.0"?><note><to>Anaïs</to></note>', 'not-a-feed', 'the document is XML with root element <note>, not an RSS or Atom feed'],
    ['<?xml version="1.0"?><!-- only a comment -->', 'not-a-feed', 'the document is empty'],
    ['<?xml version="1.0"', 'malformed-xml', 'the XML prolog never ends'],
    ['<!-- never closed <rss>', 'malformed-xml', 'the XML prolog never ends'],
    ['<rss version="2.0"><channel><title>t</title>', 'malformed-xml', 'malformed XML: Unclosed root tag (line 1, column 44)'],
    ['<rss version="2.0"><channel><title>AT&T</title></channel>', 'malformed-xml', 'malformed XML: Invalid character in entity name (line 1, column 40)'],
    ['<rss version="2.0"><channel><title>&doesnotexist;</title></channel>', 'malformed-xml', 'malformed XML: Invalid character entity (line 1, column 49)'],
    ['<rss version="2.0"><channel><title>&#0;</title></channel></rss>', 'malformed-xml', 'malformed XML: Invalid character entity (line 1, column 39)'],
    ['<rss version="2.0"><channel><title>t</title>\n</chan', 'malformed-xml', 'malformed XML: Unclosed root tag (line 2, column 6)'],
    ['<rss version="2.0"><channel><title>t</titl></channel></rss>', 'malformed-xml', 'malformed XML: Unexpected close tag (line 1, column 43)'],
  ])('%j -> %s', async (xml, kind, message) => {
    const error = await parseError(xml);
    expect(error).toMatchObject({ name: 'FeedParseError', kind, message });
  });
});
