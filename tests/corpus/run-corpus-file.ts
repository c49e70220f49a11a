import { decodeFeedBody } from '../../src/decode/decode-body.js';
import type { FeedItem } from '../../src/parse/feed-item.js';
import { identifyEntries, type IdentifiedEntry } from '../../src/parse/identify-entries.js';
import { normalizeEntry } from '../../src/parse/normalize-entry.js';
import { parseFeed, type ParsedFeed } from '../../src/parse/parse-feed.js';
import { feedUrlOf, readCorpusBytes, type ManifestRow } from './corpus-files.js';
import { expectationOf } from './corpus-expectations.js';

/** Far enough after every capture that no corpus date counts as "in the future". */
export const CORPUS_NOW = new Date('2030-01-01T00:00:00.000Z');

export type CorpusOutcome =
  | {
      readonly ok: true;
      readonly text: string;
      readonly feed: ParsedFeed;
      readonly identified: readonly IdentifiedEntry[];
      readonly items: readonly FeedItem[];
    }
  | { readonly ok: false; readonly text: string | undefined; readonly error: unknown };

/** decode (with the Content-Type the upstream test simulates) -> parse -> identify -> normalize. */
export async function runCorpusFile(row: ManifestRow): Promise<CorpusOutcome> {
  const source = `corpus:${row.file}`;
  let text: string | undefined;
  try {
    text = decodeFeedBody(readCorpusBytes(row.file), expectationOf(row.file).contentType);
    const feed = await parseFeed(text);
    const identified = identifyEntries(feed, { source, feedUrl: feedUrlOf(row) });
    const items = identified.map((entry) => normalizeEntry(entry, { source, now: CORPUS_NOW }));
    return { ok: true, text, feed, identified, items };
  } catch (error) {
    return { ok: false, text, error };
  }
}
