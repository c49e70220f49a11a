import { escapeXml } from './escape-xml.js';
import type { OpmlExport } from './opml-document.js';

/** An OPML 2.0 document listing `feeds` flat, in order (pure; UTF-8, LF line ends). */
export function renderOpml(document: OpmlExport): string {
  const outlines = document.feeds.map((feed) => {
    const name = escapeXml(feed.name);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeXml(feed.xmlUrl)}"/>\n`;
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<opml version="2.0">\n' +
    '  <head>\n' +
    `    <title>${escapeXml(document.title)}</title>\n` +
    '  </head>\n' +
    '  <body>\n' +
    outlines.join('') +
    '  </body>\n' +
    '</opml>\n'
  );
}
