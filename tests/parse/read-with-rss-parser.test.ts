import { readdirSync, readFileSync } from 'node:fs';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../../src/decode/decode-body.js';
import { readWithRssParser } from '../../src/parse/read-with-rss-parser.js';
import { readCorpusBytes, readManifest } from '../corpus/corpus-files.js';

type Raw = Record<string, unknown> & { items?: Record<string, unknown>[] };

/** Every document rss-parser reads, from the shared corpus and our fixtures, decoded as fetched. */
function documents(): [string, string][] {
  const fixtures = new URL('../fixtures/feeds/', import.meta.url);
  const sources: [string, () => Uint8Array][] = [
    ...readManifest().map((row): [string, () => Uint8Array] => [`corpus/${row.file}`, () => readCorpusBytes(row.file)]),
    ...readdirSync(fixtures).map((name): [string, () => Uint8Array] => [`fixtures/${name}`, () => readFileSync(new URL(name, fixtures))]),
  ];
  const decoded: [string, string][] = [];
  for (const [name, bytes] of sources) {
    try {
      decoded.push([name, decodeFeedBody(bytes())]);
    } catch {
      // Not decodable as a feed body: nothing for rss-parser to compare on.
    }
  }
  return decoded;
}

async function stockParse(xml: string): Promise<Raw | undefined> {
  try {
    return (await new Parser({ defaultRSS: 2 }).parseString(xml)) as unknown as Raw;
  } catch {
    return undefined;
  }
}

/** A feed without veille's own custom fields (`veille*`) and, when asked, without `content:encodedSnippet` and `contentSnippet`. */
function comparable(feed: Raw, dropSnippets: boolean): Raw {
  const strip = (object: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(object).filter(([key]) => !key.startsWith('veille') && !(dropSnippets && (key === 'content:encodedSnippet' || key === 'contentSnippet'))));
  return { ...strip(feed), items: (feed.items ?? []).map(strip) };
}

describe('readWithRssParser: rss-parser without the content:encoded snippets', () => {
  it('builds what stock rss-parser builds, minus the snippets and its own custom fields, on every readable document', async () => {
    let compared = 0;
    let snippetsSkipped = 0;
    let descriptionsRead = 0;
    for (const [name, xml] of documents()) {
      const stock = await stockParse(xml);
      if (stock === undefined) continue;
      const ours = (await readWithRssParser(xml, false)) as Raw;
      expect(comparable(ours, true), name).toEqual(comparable(stock, true));
      for (const item of ours.items ?? []) expect(item, name).not.toHaveProperty('content:encodedSnippet');
      for (const item of ours.items ?? []) if ('content' in item && typeof item['content'] === 'string' && item['content'] !== '' && !('contentSnippet' in item)) descriptionsRead += 1;
      snippetsSkipped += (stock.items ?? []).filter((item) => 'content:encodedSnippet' in item).length;
      compared += 1;
    }
    // Not vacuous: the documents hold many items with content:encoded.
    expect(compared).toBeGreaterThan(100);
    expect(snippetsSkipped).toBeGreaterThan(100);
    expect(descriptionsRead).toBeGreaterThan(100);
  });
});
