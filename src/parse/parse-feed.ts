import { FeedParseError } from '../errors/feed-parse-error.js';
import { limitEntries, MAX_FEED_ENTRIES } from './limit-entries.js';
import type { MutableParsedEntry, ParsedFeed } from './parsed-feed.js';
import { readWithRssParser, type RawFeed } from './read-with-rss-parser.js';
import { repairXmlText } from './repair-xml-text.js';
import { setAsideContent, type SetAsideContent } from './set-aside-content.js';
import { sniffRootElement } from './sniff-root-element.js';
import { toParsedFeed, type FeedFormat } from './to-parsed-feed.js';

export type { ParsedEntry, ParsedFeed } from './parsed-feed.js';
export { MAX_FEED_ENTRIES } from './limit-entries.js';

/** Root elements rss-parser reads, and the format each one is. */
const FEED_ROOTS: ReadonlyMap<string, FeedFormat> = new Map([
  ['rss', 'rss'],
  ['rdf:RDF', 'rss'],
  ['feed', 'atom'],
]);

/** The element of one entry, per format. */
const ENTRY_ELEMENT: Readonly<Record<FeedFormat, 'item' | 'entry'>> = { rss: 'item', atom: 'entry' };

/**
 * rss-parser's "no feed here" rejection. The root was sniffed as rss/feed/rdf:RDF, so it only
 * happens for an empty root element (`<rss/>`, `<feed></feed>`): a feed without entries.
 */
const EMPTY_ROOT_MESSAGE = 'Feed not recognized as RSS 1 or 2.';

/** One per kind of textual repair: a document needing more is too broken to guess at. */
const MAX_TEXT_REPAIRS = 3;

/**
 * RSS 0.9x/1.0/2.0 or Atom text to a ParsedFeed, with a fresh rss-parser per document.
 * The root element is sniffed from the prolog first, so HTML pages, JSON and other XML are
 * refused without being parsed. DTDs are never interpreted: entities they declare stay undefined,
 * and a reference to one ends up as literal text (`&xxe;`): no expansion, no external fetch.
 * Common faults (bare `&`, unknown entities, a truncated last end tag, shapes that crash
 * rss-parser) are repaired on a second attempt (see readTolerantly). Only the first
 * MAX_FEED_ENTRIES entries are read: the rest of a longer document is cut off unparsed. RSS
 * `content:encoded` elements written as one CDATA section each are set aside before parsing and
 * put back after (see set-aside-content.ts): the same feed, without the XML parser reading every
 * item's full article.
 *
 * @throws FeedParseError `not-a-feed` (empty body, JSON/text, HTML, unknown root element) or
 *   `malformed-xml` (the XML parser rejected the document).
 */
export async function parseFeed(xml: string): Promise<ParsedFeed> {
  const format = feedFormat(xml);
  const limited = limitEntries(xml, ENTRY_ELEMENT[format], MAX_FEED_ENTRIES);
  const aside = format === 'rss' ? setAsideContent(limited) : undefined;
  return (aside === undefined ? undefined : await readWithContentAside(aside)) ?? (await parseWholeFeed(limited, format));
}

/** parseFeed without setting the full contents aside: every element through the XML parser. */
export async function parseWholeFeed(limited: string, format: FeedFormat): Promise<ParsedFeed> {
  let raw: RawFeed | undefined;
  try {
    raw = await readTolerantly(limited);
  } catch (error) {
    throw toFeedParseError(error);
  }
  return raw === undefined ? { title: '', entries: [] } : toParsedFeed(raw, format);
}

/**
 * The document read with its `content:encoded` sections set aside (see set-aside-content.ts), each
 * entry's `contentHtml` put back as the XML parser would have read it (the section's text, trimmed;
 * none when blank). Undefined when anything differs from the plain case (the parser refused the
 * document, an entry's content is not an index): the whole document is then read as it is, so that
 * errors, repairs and results stay those of the document itself.
 */
async function readWithContentAside(aside: SetAsideContent): Promise<ParsedFeed | undefined> {
  let raw: RawFeed | undefined;
  try {
    raw = await readWithRssParser(aside.text, false);
  } catch {
    return undefined;
  }
  const feed = toParsedFeed(raw, 'rss');
  for (const entry of feed.entries as MutableParsedEntry[]) {
    if (entry.contentHtml === undefined) continue;
    const content = /^\d+$/.test(entry.contentHtml) ? aside.contents[Number(entry.contentHtml)] : undefined;
    if (content === undefined) return undefined;
    const text = content.trim();
    if (text === '') delete entry.contentHtml;
    else entry.contentHtml = text;
  }
  return feed;
}

/**
 * rss-parser, then targeted retries when it fails for a known, repairable reason: a builder
 * crash on an odd shape (an xml2js validator reshapes it), or a sax error that a textual repair
 * fixes (bare `&`, unknown named entity, truncated last end tag; see repairXmlText). Ordinary
 * feeds are parsed once. Undefined for an empty root element. Rejects with the first error.
 */
async function readTolerantly(xml: string, repairsLeft = MAX_TEXT_REPAIRS): Promise<RawFeed | undefined> {
  try {
    return await readWithRssParser(xml, false);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    if (error.message === EMPTY_ROOT_MESSAGE) return undefined;
    if (error instanceof TypeError || error instanceof RangeError) return await readWithRssParser(xml, true);
    const repaired = repairsLeft > 0 ? repairXmlText(xml, error.message) : undefined;
    if (repaired === undefined) throw error;
    try {
      return await readTolerantly(repaired, repairsLeft - 1);
    } catch {
      throw error;
    }
  }
}

function feedFormat(xml: string): FeedFormat {
  const root = sniffRootElement(xml);
  switch (root.kind) {
    case 'empty':
      throw new FeedParseError('the document is empty', { kind: 'not-a-feed' });
    case 'text':
      throw new FeedParseError(`the document is not XML (it starts with ${JSON.stringify(root.start)})`, {
        kind: 'not-a-feed',
      });
    case 'unterminated':
      throw new FeedParseError('the XML prolog never ends', { kind: 'malformed-xml' });
    case 'element': {
      const format = FEED_ROOTS.get(root.name);
      if (format !== undefined) return format;
      const what = root.name.toLowerCase() === 'html' ? 'an HTML page' : `XML with root element <${root.name}>`;
      throw new FeedParseError(`the document is ${what}, not an RSS or Atom feed`, { kind: 'not-a-feed' });
    }
  }
}

function toFeedParseError(error: unknown): FeedParseError {
  const message = error instanceof Error ? error.message : String(error);
  return new FeedParseError(`malformed XML: ${describeSaxError(message)}`, { kind: 'malformed-xml' }, { cause: error });
}

/** sax reports "Reason\nLine: 9\nColumn: 0\nChar: x": one line is enough for a log. */
function describeSaxError(message: string): string {
  const [reason = message, line, column] = message.split('\n');
  const position = /^Line: (\d+)$/.exec(line ?? '')?.[1];
  const col = /^Column: (\d+)$/.exec(column ?? '')?.[1];
  return position === undefined ? reason : `${reason} (line ${Number(position) + 1}, column ${col ?? '?'})`;
}
