import Parser from 'rss-parser';
import { repairFeedStructure } from './repair-feed-structure.js';

/** rss-parser's output, read defensively: values are strings, xml2js nodes or arrays of them. */
export interface RawFeed {
  readonly [field: string]: unknown;
  readonly items: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Raw nodes kept next to rss-parser's own fields (prefixed, so they never collide with them):
 * the guid element with its isPermaLink attribute, Atom text constructs with their `type`
 * attribute, the original link of feed proxies (FeedBurner, Pheedo), every date element
 * as written (rss-parser rewrites Atom dates and drops Atom 0.3 ones), all categories and
 * subjects, and the descriptions podcasts and YouTube use instead of `description`.
 */
const ITEM_FIELDS: (string | { keepArray: boolean })[][] = [
  ['guid', 'veilleGuid', { keepArray: true }],
  ['title', 'veilleTitle', { keepArray: true }],
  ['summary', 'veilleSummary', { keepArray: true }],
  ['content', 'veilleContent', { keepArray: true }],
  ['feedburner:origLink', 'veilleOrigLink'],
  ['pheedo:origLink', 'veillePheedoOrigLink'],
  ['published', 'veillePublished'],
  ['issued', 'veilleIssued'],
  ['updated', 'veilleUpdated'],
  ['modified', 'veilleModified'],
  ['category', 'veilleCategories', { keepArray: true }],
  ['dc:subject', 'veilleSubjects', { keepArray: true }],
  ['itunes:summary', 'veilleItunesSummary'],
  ['media:description', 'veilleMediaDescription'],
  ['media:group', 'veilleMediaGroup'],
];

/** Attributes of the Atom `<feed>` / RSS `<channel>` element (for `xml:base`). */
const FEED_FIELDS = [['$', 'veilleAttributes', { keepArray: true }]] as unknown as string[];

/**
 * One document through a fresh rss-parser (its xml2js/sax parser is stateful, so it is never
 * shared). `<rss>` without a version is read as RSS 2. With `repair`, an xml2js validator reshapes
 * structures that crash rss-parser's builders (see repairFeedStructure).
 */
export async function readWithRssParser(xml: string, repair: boolean): Promise<RawFeed> {
  const parser = new Parser<Record<string, unknown>, Record<string, unknown>>({
    defaultRSS: 2,
    customFields: { feed: FEED_FIELDS, item: ITEM_FIELDS },
    ...(repair ? { xml2js: { validator: repairFeedStructure } } : {}),
  });
  return (await parser.parseString(xml)) as RawFeed;
}
