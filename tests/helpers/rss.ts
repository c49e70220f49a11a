export interface TestItem {
  readonly title: string;
  readonly link?: string;
  readonly guid?: string;
  readonly description?: string;
  /** ISO date; default: recent. */
  readonly published?: string;
  readonly categories?: readonly string[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A small RSS 2.0 document. */
export function rss(title: string, items: readonly TestItem[]): string {
  const entries = items
    .map((item) =>
      [
        '<item>',
        `<title>${escape(item.title)}</title>`,
        item.link === undefined ? '' : `<link>${escape(item.link)}</link>`,
        item.guid === undefined ? '' : `<guid isPermaLink="false">${escape(item.guid)}</guid>`,
        item.description === undefined ? '' : `<description>${escape(item.description)}</description>`,
        `<pubDate>${new Date(item.published ?? Date.now() - 60_000).toUTCString()}</pubDate>`,
        ...(item.categories ?? []).map((category) => `<category>${escape(category)}</category>`),
        '</item>',
      ].join(''),
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escape(title)}</title><link>https://example.test/</link><description>test</description>\n${entries}\n</channel></rss>\n`;
}
