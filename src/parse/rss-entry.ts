import { newParsedEntry, type MutableParsedEntry, type ParsedEntry } from './parsed-feed.js';
import { firstValue, mediaDescription, rawCategories } from './raw-item-fields.js';
import { xmlAttribute } from './xml-node-text.js';

const ABSOLUTE_HTTP_URL = /^https?:\/\/\S+$/i;

/** An RSS 0.9x/1.0/2.0 item, from rss-parser's output plus the raw custom fields. */
export function rssEntry(item: Readonly<Record<string, unknown>>): ParsedEntry {
  const guidNodes = item['veilleGuid'];
  const guidNode: unknown = Array.isArray(guidNodes) ? guidNodes[0] : undefined;
  const guid = firstValue(guidNode, item['guid']);
  // A guid is a permalink unless isPermaLink="false"; only an absolute http(s) URL can serve as link.
  const isPermaLink = xmlAttribute(guidNode, 'isPermaLink')?.trim().toLowerCase() !== 'false';
  const permalink = guid !== undefined && isPermaLink && ABSOLUTE_HTTP_URL.test(guid) ? guid : undefined;

  const entry: MutableParsedEntry = newParsedEntry(rawCategories(item));
  const link = firstValue(item['veilleOrigLink'], item['veillePheedoOrigLink'], item['link']) ?? permalink ?? firstValue(item['rdf:about']);
  const title = firstValue(item['title']);
  // rss-parser puts <description> in `content` for RSS.
  const summaryHtml = firstValue(item['content'], item['summary'], item['veilleItunesSummary']) ?? mediaDescription(item);
  const contentHtml = firstValue(item['content:encoded']);
  const date = firstValue(item['pubDate'], item['date'], item['veillePublished'], item['veilleUpdated']);
  if (guid !== undefined) entry.guid = guid;
  if (link !== undefined) entry.link = link;
  if (title !== undefined) entry.title = title;
  if (summaryHtml !== undefined) entry.summaryHtml = summaryHtml;
  if (contentHtml !== undefined) entry.contentHtml = contentHtml;
  if (date !== undefined) entry.date = date;
  return entry;
}
