import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { identifyEntries } from '../../src/parse/identify-entries.js';
import { parseFeed, type ParsedEntry } from '../../src/parse/parse-feed.js';
import { readFixture } from './read-fixture.js';

const ctx = { source: 'veille-test', feedUrl: 'https://example.org/feeds/main.xml' };
const sha = (title: string, summary: string): string => createHash('sha256').update(`${title}\u0000${summary}`).digest('hex');
const feedOf = (...entries: ParsedEntry[]) => ({ title: 't', entries });
const ids = (...entries: ParsedEntry[]) => identifyEntries(feedOf(...entries), ctx).map(({ id, storyKey, link }) => ({ id, storyKey, link }));

describe('identifyEntries', () => {
  it.each<[string, ParsedEntry, { id: string; storyKey: string; link: string | undefined }]>([
    [
      'guid wins over link',
      { categories: [], guid: 'abc-1', link: 'https://example.org/a?utm_source=x#top' },
      { id: 'guid:abc-1', storyKey: 'https://example.org/a', link: 'https://example.org/a' },
    ],
    [
      'no guid: the normalized link',
      { categories: [], link: '/news/1?xtor=RSS-1' },
      { id: 'link:https://example.org/news/1', storyKey: 'https://example.org/news/1', link: 'https://example.org/news/1' },
    ],
    [
      'no guid, no usable link: hash of title and summary as written',
      { categories: [], link: 'mailto:x@example.org', title: 'T', summaryHtml: '<p>S</p>' },
      { id: `hash:${sha('T', '<p>S</p>')}`, storyKey: `veille-test#hash:${sha('T', '<p>S</p>')}`, link: undefined },
    ],
    [
      'hash falls back to content when there is no summary',
      { categories: [], title: 'T', contentHtml: 'C' },
      { id: `hash:${sha('T', 'C')}`, storyKey: `veille-test#hash:${sha('T', 'C')}`, link: undefined },
    ],
    [
      'guid without link: storyKey is source#id',
      { categories: [], guid: 'urn:x' },
      { id: 'guid:urn:x', storyKey: 'veille-test#guid:urn:x', link: undefined },
    ],
  ])('%s', (_name, entry, expected) => {
    expect(ids(entry)).toEqual([expected]);
  });

  it('disambiguates a repeated guid by link, then by content, keeping distinct entries apart', async () => {
    const feed = await parseFeed(readFixture('repeated-guid.xml'));
    const evening = 'https://example.org/editions/evening';
    expect(identifyEntries(feed, ctx).map(({ id, storyKey }) => ({ id, storyKey }))).toEqual([
      { id: 'guid:edition|link:https://example.org/editions/morning', storyKey: 'https://example.org/editions/morning' },
      {
        id: `guid:edition|link:${evening}|hash:${sha('Evening edition', '')}`,
        storyKey: `veille-test#guid:edition|link:${evening}|hash:${sha('Evening edition', '')}`,
      },
      {
        id: `guid:edition|link:${evening}|hash:${sha('Evening edition, updated', '')}`,
        storyKey: `veille-test#guid:edition|link:${evening}|hash:${sha('Evening edition, updated', '')}`,
      },
      { id: 'guid:distinct', storyKey: 'https://example.org/stories/distinct' },
    ]);
  });

  it('keeps one id for the same entry listed twice', () => {
    const entry: ParsedEntry = { categories: [], guid: 'g', link: 'https://example.org/g', title: 'Same' };
    expect(ids(entry, entry)).toEqual([
      { id: `guid:g|link:https://example.org/g|hash:${sha('Same', '')}`, storyKey: 'https://example.org/g', link: 'https://example.org/g' },
      { id: `guid:g|link:https://example.org/g|hash:${sha('Same', '')}`, storyKey: 'https://example.org/g', link: 'https://example.org/g' },
    ]);
  });

  it('LeMagIT style (no guid): dedupes on the normalized link, tracking and case differences included', async () => {
    const feed = await parseFeed(readFixture('no-guid-lemagit.xml'));
    const article = 'https://www.lemagit.fr/actualites/366571234/Ransomware-un-hopital-francilien-paralyse';
    const other = 'https://www.lemagit.fr/actualites/366571300/Cloud-souverain-le-point';
    expect(identifyEntries(feed, { source: 'lemagit', feedUrl: 'https://www.lemagit.fr/rss/Actualites-IT.xml' })).toEqual([
      { entry: feed.entries[0], id: `link:${article}`, storyKey: article, link: article },
      { entry: feed.entries[1], id: `link:${article}`, storyKey: article, link: article },
      { entry: feed.entries[2], id: `link:${other}`, storyKey: other, link: other },
    ]);
  });

  it('a link shared by entries with different ids is nobody’s storyKey', () => {
    expect(
      ids(
        { categories: [], guid: 'update-1', link: 'https://www.lucasdelirium.it/' },
        { categories: [], guid: 'update-2', link: 'https://www.lucasdelirium.it/' },
      ),
    ).toEqual([
      { id: 'guid:update-1', storyKey: 'veille-test#guid:update-1', link: 'https://www.lucasdelirium.it/' },
      { id: 'guid:update-2', storyKey: 'veille-test#guid:update-2', link: 'https://www.lucasdelirium.it/' },
    ]);
  });

  it('resolves relative links against the feed URL', async () => {
    const feed = await parseFeed(readFixture('relative-links.xml'));
    expect(identifyEntries(feed, { source: 's', feedUrl: 'https://example.org/feeds/main.xml' }).map(({ id, link }) => ({ id, link }))).toEqual([
      { id: 'link:https://example.org/news/1?ref=home', link: 'https://example.org/news/1?ref=home' },
      { id: 'link:https://example.org/feeds/news/2', link: 'https://example.org/feeds/news/2' },
      { id: 'link:https://cdn.example.net/news/3', link: 'https://cdn.example.net/news/3' },
      { id: 'guid:mail-item', link: undefined },
    ]);
  });

  it('returns the parsed entry itself, unchanged', async () => {
    const feed = await parseFeed(readFixture('rss-20.xml'));
    const identified = identifyEntries(feed, ctx);
    expect(identified.map(({ entry }) => entry)).toEqual(feed.entries);
    expect(identified[0]?.entry).toBe(feed.entries[0]);
  });
});
