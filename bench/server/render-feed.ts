import type { Article } from '../corpus/french-article.js';

/** One item of a synthetic feed. */
export interface FeedEntry {
  readonly article: Article;
  readonly link: string;
  readonly guid: string;
  readonly publishedAt: number;
}

export interface FeedDocument {
  readonly title: string;
  readonly siteUrl: string;
  readonly feedUrl: string;
  /** Time of the newest entry (lastBuildDate / Atom updated). */
  readonly updatedAt: number;
  /** Newest first. */
  readonly entries: readonly FeedEntry[];
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (text: string): string => escapeXml(text).replace(/"/g, '&quot;');
const cdata = (text: string): string => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/**
 * RSS 2.0 with content:encoded and dc:creator, like WordPress and most French news sites. With
 * `useCdata`, HTML travels in CDATA sections; otherwise it is entity-escaped (both are common).
 */
export function renderRss(document: FeedDocument, useCdata: boolean): string {
  const html = useCdata ? cdata : escapeXml;
  const items = document.entries.map((entry) => {
    const { article } = entry;
    return [
      '<item>',
      `<title>${escapeXml(article.title)}</title>`,
      `<link>${escapeXml(entry.link)}</link>`,
      `<guid isPermaLink="false">${escapeXml(entry.guid)}</guid>`,
      `<pubDate>${new Date(entry.publishedAt).toUTCString()}</pubDate>`,
      `<dc:creator>${cdata(article.author)}</dc:creator>`,
      ...article.categories.map((category) => `<category>${cdata(category)}</category>`),
      `<description>${html(article.descriptionHtml)}</description>`,
      `<content:encoded>${html(article.contentHtml)}</content:encoded>`,
      '</item>',
    ].join('\n\t\t');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `\t<title>${escapeXml(document.title)}</title>`,
    `\t<atom:link href="${escapeAttribute(document.feedUrl)}" rel="self" type="application/rss+xml" />`,
    `\t<link>${escapeXml(document.siteUrl)}</link>`,
    '\t<description>Toute l’actualité du cloud, de la cybersécurité et des télécoms en France</description>',
    `\t<lastBuildDate>${new Date(document.updatedAt).toUTCString()}</lastBuildDate>`,
    '\t<language>fr-FR</language>',
    '\t<generator>veille-bench</generator>',
    ...items.map((item) => `\t${item}`),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** Atom 1.0 with HTML summary and content (type="html", entity-escaped). */
export function renderAtom(document: FeedDocument): string {
  const entries = document.entries.map((entry) => {
    const { article } = entry;
    const when = new Date(entry.publishedAt).toISOString();
    return [
      '<entry>',
      `<title type="html">${escapeXml(article.title)}</title>`,
      `<link rel="alternate" type="text/html" href="${escapeAttribute(entry.link)}" />`,
      `<id>${escapeXml(entry.guid)}</id>`,
      `<published>${when}</published>`,
      `<updated>${when}</updated>`,
      `<author><name>${escapeXml(article.author)}</name></author>`,
      ...article.categories.map((category) => `<category term="${escapeAttribute(category)}" />`),
      `<summary type="html">${escapeXml(article.descriptionHtml)}</summary>`,
      `<content type="html">${escapeXml(article.contentHtml)}</content>`,
      '</entry>',
    ].join('\n\t');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
    `<title>${escapeXml(document.title)}</title>`,
    `<link rel="self" href="${escapeAttribute(document.feedUrl)}" />`,
    `<link rel="alternate" href="${escapeAttribute(document.siteUrl)}" />`,
    `<id>${escapeXml(document.feedUrl)}</id>`,
    `<updated>${new Date(document.updatedAt).toISOString()}</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
