import { readFileSync } from 'node:fs';

/** The shared, read-only corpus (never copied into the repository). */
export const CORPUS_ROOT = new URL('../../../shared/corpus/', import.meta.url);

export interface ManifestRow {
  readonly file: string;
  readonly format: string;
  readonly encoding: string;
  readonly notes: string;
}

export function readManifest(): ManifestRow[] {
  return readFileSync(new URL('MANIFEST.tsv', CORPUS_ROOT), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [file = '', , , format = '', encoding = '', notes = ''] = line.split('\t');
      return { file, format, encoding, notes };
    });
}

export function readCorpusBytes(file: string): Uint8Array {
  return readFileSync(new URL(file, CORPUS_ROOT));
}

export function readCorpusJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(path, CORPUS_ROOT), 'utf8')) as Record<string, unknown>;
}

/**
 * The URL each file would have been fetched from, for relative links: the capture URL MANIFEST
 * gives (sample-feeds), the feed URL the upstream test used, the document's own self link, else a
 * placeholder under corpus.invalid.
 */
const KNOWN_FEED_URLS: Readonly<Record<string, string>> = {
  // node-feedparser test/xmlbase.js: feedurl http://www.arcgames.com; the self link of the sibling file.
  'node-feedparser/rss-with-relative-urls.xml': 'http://www.arcgames.com/en/games/neverwinter/news/rss',
  'node-feedparser/rss-with-relative-urls-with-absolute-xmlurl.xml': 'http://www.arcgames.com/en/games/neverwinter/news/rss',
  // Self links of the documents.
  'node-feedparser/tpm.atom': 'http://talkingpointsmemo.com/account/feed/all/LpNewCzTqYYiHqtKqyTw5DaF1aUucgyyXb2dsqKU2yMr',
  'node-feedparser/intertwingly.atom': 'http://intertwingly.net/blog/index.atom',
  'rss-parser/gulp-atom.atom': 'https://github.com/gulpjs/gulp/releases.atom',
  // prof18's test substitutes $BASE_FEED_URL; see PROF18_BASE_FEED_URL.
  'prof18/atom-relative-url.xml': 'https://aurimas.example/feed.xml',
};

export const PROF18_BASE_FEED_URL = 'https://aurimas.example';

export function feedUrlOf(row: ManifestRow): string {
  const known = KNOWN_FEED_URLS[row.file];
  if (known !== undefined) return known;
  const captured = /captured \S+ from (https?:\/\/\S+?);/.exec(row.notes)?.[1];
  return captured ?? `https://corpus.invalid/${row.file}`;
}
