import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedCatalog } from '../../bench/server/feed-catalog.js';
import { decodeFeedBody } from '../../src/decode/decode-body.js';
import { limitEntries, MAX_FEED_ENTRIES } from '../../src/parse/limit-entries.js';
import { parseFeed, parseWholeFeed } from '../../src/parse/parse-feed.js';
import { setAsideContent } from '../../src/parse/set-aside-content.js';
import { sniffRootElement } from '../../src/parse/sniff-root-element.js';
import { expectationOf } from '../corpus/corpus-expectations.js';
import { readCorpusBytes, readManifest } from '../corpus/corpus-files.js';

// parseFeed reads an RSS document with its content:encoded texts set aside when it can:
// the feed (or the error) must be exactly what reading the whole document gives, key order included.

type Outcome = { readonly ok: true; readonly json: string } | { readonly ok: false; readonly message: string };

async function outcome(read: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, json: JSON.stringify(await read()) };
  } catch (error) {
    return { ok: false, message: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

/** parseFeed against parseWholeFeed on the same text; whether the sections were set aside. */
async function expectSameFeed(xml: string, label: string): Promise<boolean> {
  let format: 'rss' | 'atom' | undefined;
  const root = sniffRootElement(xml);
  if (root.kind === 'element') format = root.name === 'feed' ? 'atom' : root.name === 'rss' || root.name === 'rdf:RDF' ? 'rss' : undefined;
  const fast = await outcome(() => parseFeed(xml));
  if (format === undefined) return false;
  const limited = limitEntries(xml, format === 'rss' ? 'item' : 'entry', MAX_FEED_ENTRIES);
  const whole = await outcome(() => parseWholeFeed(limited, format));
  expect(fast, label).toEqual(whole);
  return format === 'rss' && setAsideContent(limited) !== undefined;
}

function rss(items: readonly string[], channelExtra = ''): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>https://example.org/</link>',
    channelExtra,
    ...items.map((body) => `<item>${body}</item>`),
    '</channel></rss>',
  ].join('\n');
}

const item = (content: string, description = '<description>Résumé</description>'): string =>
  `<title>Titre</title><link>https://example.org/a</link>${description}${content}`;

describe('parseFeed with the content:encoded sections set aside', () => {
  it.each([
    ['one CDATA section', [item('<content:encoded><![CDATA[<p>Corps de l’article</p>]]></content:encoded>')]],
    ['white space around it', [item('<content:encoded>\n\t <![CDATA[ <p>a</p>\r\n ]]>\r\n</content:encoded>')]],
    ['an empty section', [item('<content:encoded><![CDATA[]]></content:encoded>', '')]],
    ['a blank section', [item('<content:encoded><![CDATA[ \n ]]></content:encoded>', '')]],
    ['no description', [item('<content:encoded><![CDATA[<p>only content</p>]]></content:encoded>', '')]],
    ['a section that looks like an index', [item('<content:encoded><![CDATA[0]]></content:encoded>'), item('<content:encoded><![CDATA[ 1 ]]></content:encoded>')]],
    ['brackets before the end of the section', [item('<content:encoded><![CDATA[a]]]></content:encoded>'), item('<content:encoded><![CDATA[[x]] ]] ]]]]></content:encoded>')]],
    ['line ends and controls in the section', [item('<content:encoded><![CDATA[a\r\nb\rc\u0001d\u00a0]]></content:encoded>')]],
    ['two in one item', [item('<content:encoded><![CDATA[first]]></content:encoded><content:encoded><![CDATA[second]]></content:encoded>')]],
    ['items with and without', [item('<content:encoded><![CDATA[<p>x</p>]]></content:encoded>'), item(''), item('<content:encoded><![CDATA[y]]></content:encoded>')]],
    ['escaped text', [item('<content:encoded>&lt;p&gt;l’été &amp;amp; &quot;x&quot; &apos;y&apos;&lt;/p&gt;</content:encoded>')]],
    ['escaped text with character references', [item('<content:encoded>&#65;&#065;&#x41;&#X41;&#x0041;&#38;&#x26;&#x1F600;&#9;&#10;&#13;&#xFFFD;&#x10FFFF;</content:encoded>')]],
    ['references sax refuses or reads otherwise (read whole)', [item('<content:encoded>a &#0; b</content:encoded>'), item('<content:encoded>&#xD800;</content:encoded>'), item('<content:encoded>&#x110000;</content:encoded>'), item('<content:encoded>&#1;</content:encoded>')]],
    ['named entities beyond the five (read whole)', [item('<content:encoded>caf&eacute; &AMP; &Amp; &nbsp;</content:encoded>')]],
    ['a bare ampersand in escaped text (read whole, repaired)', [item('<content:encoded>Tom & Jerry</content:encoded>')]],
    ['an ampersand without a semicolon (read whole)', [item('<content:encoded>a &amp b</content:encoded>'), item('<content:encoded>&;</content:encoded>')]],
    ['blank and empty escaped text', [item('<content:encoded>  \n </content:encoded>', ''), item('<content:encoded></content:encoded>', '')]],
    ['line ends and brackets in escaped text', [item('<content:encoded>\r\n a ]]&gt; b\r</content:encoded>')]],
    ['escaped text that reads like an index', [item('<content:encoded>0</content:encoded>'), item('<content:encoded> 1 </content:encoded>')]],
    ['mixed forms', [item('<content:encoded><![CDATA[a]]></content:encoded>'), item('<content:encoded>&lt;b&gt;</content:encoded>')]],
    ['text then a section (read whole)', [item('<content:encoded>a<![CDATA[b]]></content:encoded>')]],
    ['two sections (read whole)', [item('<content:encoded><![CDATA[a]]><![CDATA[b]]></content:encoded>')]],
    ['an attribute (read whole)', [item('<content:encoded type="html"><![CDATA[a]]></content:encoded>')]],
    ['self-closing (read whole)', [item('<content:encoded/>'), item('<content:encoded><![CDATA[a]]></content:encoded>')]],
    ['the tag inside a CDATA description', [item('<content:encoded><![CDATA[a]]></content:encoded>', '<description><![CDATA[<content:encoded><![CDATA[x]]]]><![CDATA[></content:encoded>]]></description>')]],
    ['the tag inside a comment', [`<!-- <content:encoded><![CDATA[c]]></content:encoded> -->${item('<content:encoded><![CDATA[a]]></content:encoded>')}`]],
    ['an unterminated comment (read whole)', [`${item('<content:encoded><![CDATA[a]]></content:encoded>')}<!-- never ends`]],
    ['malformed XML elsewhere (same error)', [item('<content:encoded><![CDATA[a]]></content:encoded>'), '<title>broken <b></title>']],
    ['a bare ampersand elsewhere (same repair)', [item('<content:encoded><![CDATA[a & b]]></content:encoded>', '<description>Tom & Jerry</description>')]],
    ['an unknown entity elsewhere (same repair)', [item('<content:encoded><![CDATA[a]]></content:encoded>', '<description>caf&eacute;</description>')]],
    ['a channel-level element', [item('<content:encoded><![CDATA[a]]></content:encoded>')], '<content:encoded><![CDATA[channel]]></content:encoded>'],
    ['markup after the section (read whole)', [item('<content:encoded><![CDATA[a]]><b>x</b></content:encoded>')]],
  ])('%s', async (_label, items, channelExtra = '') => {
    await expectSameFeed(rss(items as string[], channelExtra as string), _label as string);
  });

  it('sets aside a document type declaration never (read whole)', async () => {
    const xml = rss([item('<content:encoded><![CDATA[a]]></content:encoded>')]).replace('<rss', '<!DOCTYPE rss [<!ENTITY x "y">]>\n<rss');
    expect(setAsideContent(xml)).toBeUndefined();
    await expectSameFeed(xml, 'doctype');
  });

  it('gives the whole reading on every document of the corpus', async () => {
    let asideCount = 0;
    for (const row of readManifest()) {
      let text: string;
      try {
        text = decodeFeedBody(readCorpusBytes(row.file), expectationOf(row.file).contentType);
      } catch {
        continue;
      }
      if (await expectSameFeed(text, row.file)) asideCount += 1;
    }
    expect(asideCount).toBeGreaterThanOrEqual(5);
  });

  it('gives the whole reading on every RSS fixture', async () => {
    const dir = new URL('../fixtures/feeds/', import.meta.url);
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.xml') && !name.endsWith('.rss')) continue;
      await expectSameFeed(readFileSync(new URL(name, dir), 'utf8'), name);
    }
  });

  it('gives the whole reading on the bench documents (CDATA and escaped RSS, Atom)', async () => {
    const catalog = new FeedCatalog({ sources: 12, itemsPerFeed: 50, gzipEvery: 0, atomEvery: 10 }, (index) => `http://127.0.0.1:8000/feeds/${index}.xml`, Date.parse('2026-12-07T10:00:00Z'));
    let asideCount = 0;
    for (let index = 0; index < 12; index += 1) {
      const body = catalog.respond(index, { acceptsGzip: false }).body;
      if (body === undefined) throw new Error(`no body for source ${index}`);
      if (await expectSameFeed(body.toString('utf8'), `bench source ${index}`)) asideCount += 1;
    }
    // Even sources write their HTML in CDATA sections, odd ones escape it; source 9 is Atom.
    expect(asideCount).toBe(11);
  });

  it('gives the whole reading on 2,000 generated documents of escaped and CDATA contents', async () => {
    let state = 10;
    const next = (): number => {
      state = (state * 1_664_525 + 1_013_904_223) >>> 0;
      return state / 2 ** 32;
    };
    const pieces = [
      'a', 'é', '’', ' ', '\n', '\r\n', '\t', '&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x1F600;', '&#0065;', '&#xd7ff;',
      '&#xE000;', '&#8217;', ']]&gt;', ']]', '0', '7', '&amp;lt;', '&#0;', '&#x0;', '&#xFFFE;', '&#55296;', '&AMP;', '&eacute;', '&', '&;', '&#;', '&#x;',
    ];
    let asideCount = 0;
    for (let index = 0; index < 2_000; index += 1) {
      const items = Array.from({ length: 1 + Math.floor(next() * 4) }, () => {
        const text = Array.from({ length: Math.floor(next() * 8) }, () => pieces[Math.floor(next() * (next() < 0.9 ? 16 : pieces.length))] ?? '').join('');
        const content = next() < 0.3 ? `<content:encoded><![CDATA[${text.replaceAll(']]>', '')}]]></content:encoded>` : `<content:encoded>${text}</content:encoded>`;
        return item(next() < 0.1 ? '' : content, next() < 0.2 ? '' : '<description>Résumé</description>');
      });
      if (await expectSameFeed(rss(items), `generated ${index}`)) asideCount += 1;
    }
    expect(asideCount).toBeGreaterThan(500);
    expect(asideCount).toBeLessThan(1_900);
  });
});
