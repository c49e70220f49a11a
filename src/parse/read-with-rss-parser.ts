import type Parser from 'rss-parser';
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
  const RssParser = await loadRssParser();
  const parser = new RssParser<Record<string, unknown>, Record<string, unknown>>({
    defaultRSS: 2,
    customFields: { feed: FEED_FIELDS, item: ITEM_FIELDS },
    ...(repair ? { xml2js: { validator: repairFeedStructure } } : {}),
  });
  skipContentSnippets(parser);
  return (await parser.parseString(xml)) as RawFeed;
}

let rssParser: Promise<typeof Parser> | undefined;

/**
 * rss-parser (with xml2js, sax and xmlbuilder) is loaded by the first document parsed, not when
 * veille starts: a `veille once` whose sources all answer 304 or send the same bytes parses none.
 */
function loadRssParser(): Promise<typeof Parser> {
  rssParser ??= import('rss-parser').then((module) => module.default);
  return rssParser;
}

/** An entry of rss-parser's field lists: a name, or [from, to, options]. */
type FieldSpec = string | readonly [string, string, ...unknown[]];

interface RssItemBuilder {
  parseItemRss?: (xmlItem: unknown, itemFields: readonly FieldSpec[]) => unknown;
}

/**
 * rss-parser turns the HTML of every RSS `content:encoded` (the full article) into a plain-text
 * `content:encodedSnippet` with regexps and an entity decoder; veille never reads it, and it was
 * about 5% of the CPU of reading a changed feed. Nor the `contentSnippet` it makes of each
 * <description> (about 1.5% of a seeding process): the item is built without the description,
 * whose text is then set as `content`, as rss-parser sets it. This parser's item builder gets rss-parser's own
 * field list without that option; everything else it builds is unchanged (a test compares the
 * output with the stock parser's over the corpus). Should a later rss-parser lose the method,
 * the parser is left as it is: slower, not wrong.
 */
function skipContentSnippets(parser: object): void {
  const builder = parser as RssItemBuilder;
  const stock = builder.parseItemRss;
  if (typeof stock !== 'function') return;
  let given: readonly FieldSpec[] | undefined;
  let withoutSnippets: readonly FieldSpec[] = [];
  builder.parseItemRss = (xmlItem, itemFields) => {
    // rss-parser builds one field list per document and passes it for each item.
    if (itemFields !== given) {
      given = itemFields;
      withoutSnippets = itemFields.map(withoutSnippet);
    }
    const description = descriptionText(xmlItem);
    if (description === undefined) return stock.call(parser, xmlItem, withoutSnippets);
    // rss-parser would copy <description> to `content` and make a `contentSnippet` of it too. The
    // stock builder reads the node without it: hidden for the call (an own property set to
    // undefined reads as missing there, and is put back after), not copied without it (a rest
    // spread of every item's node, about 3 µs each).
    const node = xmlItem as Record<string, unknown>;
    const written = node['description'];
    node['description'] = undefined;
    let item: Record<string, unknown>;
    try {
      item = stock.call(parser, node, withoutSnippets) as Record<string, unknown>;
    } finally {
      node['description'] = written;
    }
    item['content'] = description;
    return item;
  };
}

/**
 * The `content` rss-parser gives an RSS item with a <description> of text (a string, or a node with
 * attributes and text): undefined otherwise (no description, or markup inside it, which rss-parser
 * serializes back to XML itself).
 */
function descriptionText(xmlItem: unknown): string | undefined {
  if (typeof xmlItem !== 'object' || xmlItem === null) return undefined;
  const description: unknown = (xmlItem as Record<string, unknown>)['description'];
  if (!Array.isArray(description)) return undefined;
  const first: unknown = description[0];
  if (typeof first === 'string') return first;
  if (typeof first !== 'object' || first === null) return undefined;
  const text: unknown = (first as Record<string, unknown>)['_'];
  return typeof text === 'string' ? text : undefined;
}

function withoutSnippet(field: FieldSpec): FieldSpec {
  if (typeof field === 'string') return field;
  const [from, to, options] = field;
  if (typeof options !== 'object' || options === null || !('includeSnippet' in options)) return field;
  return [from, to, { ...options, includeSnippet: false }];
}
