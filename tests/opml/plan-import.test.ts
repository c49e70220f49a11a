import { describe, expect, it } from 'vitest';
import type { OpmlFeed } from '../../src/opml/opml-document.js';
import { describeSkip, planImport, type ExistingSource, type ImportPlan } from '../../src/opml/plan-import.js';

const feed = (text: string, xmlUrl: string): OpmlFeed => ({ text, xmlUrl, folders: [] });
const EXISTING: readonly ExistingSource[] = [
  { name: 'Next', url: 'https://next.ink/feed/' },
  { name: 'LeMagIT', url: 'https://www.lemagit.fr/rss/ContentSyndication.xml' },
];

const cases: readonly { readonly name: string; readonly feeds: readonly OpmlFeed[]; readonly expected: ImportPlan }[] = [
  {
    name: 'new feeds are added with their name and normalized URL',
    feeds: [feed('Numerama', 'https://www.numerama.com/feed/'), feed('Exemple', 'HTTPS://Example.FR')],
    expected: {
      added: [
        { name: 'Numerama', url: 'https://www.numerama.com/feed/' },
        { name: 'Exemple', url: 'https://example.fr/' },
      ],
      skipped: [],
    },
  },
  {
    name: 'a configured URL is skipped, whatever the name and spelling of the URL',
    feeds: [feed('Next.ink', 'https://NEXT.ink/feed/')],
    expected: { added: [], skipped: [{ feed: feed('Next.ink', 'https://NEXT.ink/feed/'), name: 'Next.ink', reason: { kind: 'same-url', source: 'Next', inFile: false } }] },
  },
  {
    name: 'a configured name with another URL is skipped',
    feeds: [feed('LeMagIT', 'https://www.lemagit.fr/rss/autre.xml')],
    expected: {
      added: [],
      skipped: [
        {
          feed: feed('LeMagIT', 'https://www.lemagit.fr/rss/autre.xml'),
          name: 'LeMagIT',
          reason: { kind: 'same-name', url: 'https://www.lemagit.fr/rss/ContentSyndication.xml', inFile: false },
        },
      ],
    },
  },
  {
    name: 'a feed listed twice in the file (two folders) is added once',
    feeds: [feed('Numerama', 'https://www.numerama.com/feed/'), feed('Numerama', 'https://www.numerama.com/feed/')],
    expected: {
      added: [{ name: 'Numerama', url: 'https://www.numerama.com/feed/' }],
      skipped: [{ feed: feed('Numerama', 'https://www.numerama.com/feed/'), name: 'Numerama', reason: { kind: 'same-url', source: 'Numerama', inFile: true } }],
    },
  },
  {
    name: 'two feeds of the file with one name: the first is added',
    feeds: [feed('Blog', 'https://a.example/feed'), feed('Blog', 'https://b.example/feed')],
    expected: {
      added: [{ name: 'Blog', url: 'https://a.example/feed' }],
      skipped: [{ feed: feed('Blog', 'https://b.example/feed'), name: 'Blog', reason: { kind: 'same-name', url: 'https://a.example/feed', inFile: true } }],
    },
  },
  {
    name: 'URLs the config loader refuses are skipped',
    feeds: [feed('FTP', 'ftp://example.fr/feed.xml'), feed('Relatif', '/feed.xml'), feed('Secret', 'https://user:pw@example.fr/feed')],
    expected: {
      added: [],
      skipped: [
        { feed: feed('FTP', 'ftp://example.fr/feed.xml'), name: 'FTP', reason: { kind: 'invalid-url', message: "unsupported scheme 'ftp:' (expected http or https)" } },
        { feed: feed('Relatif', '/feed.xml'), name: 'Relatif', reason: { kind: 'invalid-url', message: 'not a valid URL' } },
        { feed: feed('Secret', 'https://user:pw@example.fr/feed'), name: 'Secret', reason: { kind: 'invalid-url', message: 'credentials in feed URLs are not supported' } },
      ],
    },
  },
  {
    name: 'a feed with no name is named after its host and path',
    feeds: [feed('', 'https://example.fr/sans-nom.xml?lang=fr'), feed('', 'https://example.org/')],
    expected: {
      added: [
        { name: 'example.fr/sans-nom.xml?lang=fr', url: 'https://example.fr/sans-nom.xml?lang=fr' },
        { name: 'example.org', url: 'https://example.org/' },
      ],
      skipped: [],
    },
  },
];

describe('planImport', () => {
  it.each(cases)('$name', ({ feeds, expected }) => {
    expect(planImport(feeds, EXISTING)).toEqual(expected);
  });

  it.each([
    { reason: { kind: 'same-url', source: 'Next', inFile: false } as const, text: "same URL as source 'Next'" },
    { reason: { kind: 'same-url', source: 'Next', inFile: true } as const, text: "same URL as 'Next', earlier in the file" },
    { reason: { kind: 'same-name', url: 'https://a.example/', inFile: false } as const, text: 'a source with this name already exists (https://a.example/)' },
    { reason: { kind: 'same-name', url: 'https://a.example/', inFile: true } as const, text: 'same name as an earlier feed of the file (https://a.example/)' },
    { reason: { kind: 'invalid-url', message: 'not a valid URL' } as const, text: 'not a valid URL' },
  ])('describes $reason.kind', ({ reason, text }) => {
    expect(describeSkip(reason)).toBe(text);
  });
});
