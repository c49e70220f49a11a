import { newParsedEntry, type MutableParsedEntry, type ParsedEntry } from './parsed-feed.js';
import { firstValue, mediaDescription, rawCategories } from './raw-item-fields.js';
import { xmlAttribute, xmlNodeText } from './xml-node-text.js';

/** An Atom 0.3/1.0 entry, from rss-parser's output plus the raw custom fields. */
export function atomEntry(item: Readonly<Record<string, unknown>>): ParsedEntry {
  const entry: MutableParsedEntry = newParsedEntry(rawCategories(item));
  const guid = firstValue(item['id']);
  const link = firstValue(item['veilleOrigLink'], item['veillePheedoOrigLink'], item['link']);
  const title = atomTextAsHtml(item['veilleTitle'], undefined);
  const summaryHtml = atomTextAsHtml(item['veilleSummary'], item['summary']) ?? mediaDescription(item);
  const contentHtml = atomTextAsHtml(item['veilleContent'], item['content']);
  const date = firstValue(item['veillePublished'], item['veilleIssued'], item['veilleUpdated'], item['veilleModified']);
  if (guid !== undefined) entry.guid = guid;
  if (link !== undefined) entry.link = link;
  if (title !== undefined) entry.title = title;
  if (summaryHtml !== undefined) entry.summaryHtml = summaryHtml;
  if (contentHtml !== undefined) entry.contentHtml = contentHtml;
  if (date !== undefined) entry.date = date;
  return entry;
}

/**
 * An Atom text construct as HTML: `type="html"` as written; `type="xhtml"` as rss-parser
 * serialised it (`rendered`), or its text; plain text (the default) escaped, so that normalizing
 * it as HTML gives back the literal text (`Vec<T>` stays `Vec<T>`).
 */
function atomTextAsHtml(nodes: unknown, rendered: unknown): string | undefined {
  const node: unknown = Array.isArray(nodes) ? nodes[0] : nodes;
  if (node === undefined) return undefined;
  const type = xmlAttribute(node, 'type')?.trim().toLowerCase() ?? 'text';
  if (type === 'html' || type === 'text/html') return firstValue(node);
  if (type === 'xhtml' || type === 'application/xhtml+xml') {
    return firstValue(rendered) ?? escapeText(xmlNodeText(node));
  }
  return escapeText(xmlNodeText(node));
}

function escapeText(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (trimmed === undefined || trimmed === '') return undefined;
  return trimmed.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
