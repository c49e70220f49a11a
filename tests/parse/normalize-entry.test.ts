import { describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/parse/feed-item.js';
import { identifyEntries, type IdentifiedEntry } from '../../src/parse/identify-entries.js';
import { normalizeEntry } from '../../src/parse/normalize-entry.js';
import { parseFeed, type ParsedEntry } from '../../src/parse/parse-feed.js';
import { readFixture } from './read-fixture.js';

const NOW = new Date('2024-04-01T12:00:00.000Z');
const ctx = { source: 'veille-test', now: NOW };
const identified = (entry: ParsedEntry): IdentifiedEntry => ({ entry, id: 'guid:x', storyKey: 'veille-test#guid:x' });
const normalize = (entry: ParsedEntry): FeedItem => normalizeEntry(identified(entry), ctx);

async function normalizedFixture(name: string, feedUrl: string): Promise<FeedItem[]> {
  const feed = await parseFeed(readFixture(name));
  return identifyEntries(feed, { source: 'veille-test', feedUrl }).map((entry) => normalizeEntry(entry, ctx));
}

describe('normalizeEntry', () => {
  it('French feed with entities, odd dates and duplicate categories', async () => {
    expect(await normalizedFixture('french-entities.xml', 'https://www.example.fr/rss.xml')).toEqual([
      {
        id: 'guid:https://www.example.fr/cyber/anssi-faille-critique.html',
        storyKey: 'https://www.example.fr/cyber/anssi-faille-critique.html',
        source: 'veille-test',
        title: 'L’ANSSI alerte : une faille critique touche les « routeurs »',
        link: 'https://www.example.fr/cyber/anssi-faille-critique.html',
        summary: 'L’agence recommande d’appliquer le correctif édité par le constructeur.',
        categories: ['Cybersécurité'],
        published: '2024-03-25T13:05:00.000Z',
        publishedFromFeed: true,
      },
      {
        id: 'guid:https://www.example.fr/politique/election.html',
        storyKey: 'https://www.example.fr/politique/election.html',
        source: 'veille-test',
        title: 'Élection : « C’est déjà demain »',
        link: 'https://www.example.fr/politique/election.html',
        summary: 'Les électeurs sont appelés aux urnes…',
        categories: [],
        published: '2024-03-26T07:30:00.000Z',
        publishedFromFeed: true,
      },
    ]);
  });

  it('Atom: plain-text title kept literally, HTML title stripped, origLink preferred', async () => {
    expect(await normalizedFixture('atom-10.xml', 'https://example.org/atom.xml')).toEqual([
      {
        id: 'guid:tag:example.org,2024:vec',
        storyKey: 'https://example.org/posts/vec',
        source: 'veille-test',
        title: 'Why Vec<T> & friends matter',
        link: 'https://example.org/posts/vec',
        summary: 'Generic collections',
        categories: ['rust', 'types'],
        published: '2024-03-27T09:00:00.000Z',
        publishedFromFeed: true,
      },
      {
        id: 'guid:tag:example.org,2024:second',
        storyKey: 'https://publisher.example.net/second',
        source: 'veille-test',
        title: 'Bold title',
        link: 'https://publisher.example.net/second',
        summary: 'Plain text with <angle> brackets',
        categories: [],
        published: '2024-03-26T09:30:00.000Z',
        publishedFromFeed: true,
      },
    ]);
  });

  it('RSS 2.0: summary from the description, content only as a fallback', async () => {
    const items = await normalizedFixture('rss-20.xml', 'https://example.org/feed.xml');
    expect(items.map(({ title, summary, categories, link }) => ({ title, summary, categories, link }))).toEqual([
      { title: 'Ransomware hits a hospital', summary: 'A short description.', categories: ['Security', 'Ransomware'], link: 'https://example.org/2024/ransomware?id=7' },
      { title: 'Guid as permalink', summary: 'No link element: the permalink guid is the link.', categories: [], link: 'https://example.org/2024/permalink' },
      { title: 'Only content', summary: 'Body text', categories: [], link: 'https://example.org/2024/only-content' },
    ]);
  });

  it.each<[string, ParsedEntry, Partial<FeedItem>]>([
    ['no title', { categories: [] }, { title: '', summary: '' }],
    ['title with tags and entities', { categories: [], title: ' <b>Alerte</b>&nbsp;:\n  faille &eacute;tendue ' }, { title: 'Alerte : faille étendue' }],
    ['empty summary falls back to content', { categories: [], summaryHtml: '<img src="x.png">', contentHtml: '<p>Texte</p>' }, { summary: 'Texte' }],
    ['summary preferred over content', { categories: [], summaryHtml: 'court', contentHtml: 'long' }, { summary: 'court' }],
    ['categories trimmed, folded, decoded, deduped case-insensitively', { categories: ['  Cyber  sécurité ', 'cyber sécurité', 'R&amp;D', '', 'IA'] }, { categories: ['Cyber sécurité', 'R&D', 'IA'] }],
    ['date from the feed', { categories: [], date: 'Mon, 25 Mar 2024 17:30:00 +0100' }, { published: '2024-03-25T16:30:00.000Z', publishedFromFeed: true }],
    ['missing date: now', { categories: [] }, { published: '2024-04-01T12:00:00.000Z', publishedFromFeed: false }],
    ['unreadable date: now', { categories: [], date: 'bientôt' }, { published: '2024-04-01T12:00:00.000Z', publishedFromFeed: false }],
    ['slightly ahead (bad zone) is kept', { categories: [], date: '2024-04-01T20:00:00Z' }, { published: '2024-04-01T20:00:00.000Z', publishedFromFeed: true }],
    ['far in the future: now', { categories: [], date: '2024-04-03T12:00:01Z' }, { published: '2024-04-01T12:00:00.000Z', publishedFromFeed: false }],
    ['year 2099: now', { categories: [], date: 'Thu, 01 Jan 2099 00:00:00 GMT' }, { published: '2024-04-01T12:00:00.000Z', publishedFromFeed: false }],
  ])('%s', (_name, entry, expected) => {
    expect(normalize(entry)).toMatchObject(expected);
  });

  it('caps the summary at 2,000 characters on a word boundary', () => {
    const item = normalize({ categories: [], summaryHtml: `<p>${'analyse '.repeat(600)}</p>` });
    expect(item.summary).toBe(`${'analyse '.repeat(250).trim()}…`);
    expect(item.summary.length).toBe(2000);
  });

  it('has no link property when the entry has no usable link', () => {
    expect(Object.keys(normalize({ categories: [] }))).toEqual(['id', 'storyKey', 'source', 'title', 'summary', 'categories', 'published', 'publishedFromFeed']);
  });
});
