import { atomEntry } from './atom-entry.js';
import { inlineHtmlToText } from './html-to-text.js';
import type { ParsedEntry, ParsedFeed } from './parsed-feed.js';
import { firstValue } from './raw-item-fields.js';
import type { RawFeed } from './read-with-rss-parser.js';
import { rssEntry } from './rss-entry.js';
import { xmlAttribute } from './xml-node-text.js';

export type FeedFormat = 'atom' | 'rss';

/**
 * rss-parser's output as a ParsedFeed. When the feed element declares an absolute `xml:base`,
 * relative entry links are resolved against it here (later steps only know the feed URL).
 */
export function toParsedFeed(raw: RawFeed, format: FeedFormat): ParsedFeed {
  const toEntry = format === 'atom' ? atomEntry : rssEntry;
  const title = firstValue(raw['title']);
  const link = firstValue(raw['link']);
  const base = absoluteBase(xmlAttribute({ $: raw['veilleAttributes'] }, 'xml:base'));
  const entries = raw.items.map(toEntry);
  return {
    title: title === undefined ? '' : inlineHtmlToText(title),
    ...(link === undefined ? {} : { link }),
    entries: base === undefined ? entries : entries.map((entry) => resolvedAgainst(entry, base)),
  };
}

function absoluteBase(value: string | undefined): URL | undefined {
  if (value === undefined || !/^https?:\/\//i.test(value.trim())) return undefined;
  try {
    return new URL(value.trim());
  } catch {
    return undefined;
  }
}

function resolvedAgainst(entry: ParsedEntry, base: URL): ParsedEntry {
  if (entry.link === undefined || /^[a-z][a-z\d+.-]*:/i.test(entry.link)) return entry;
  try {
    return { ...entry, link: new URL(entry.link, base).href };
  } catch {
    return entry;
  }
}
