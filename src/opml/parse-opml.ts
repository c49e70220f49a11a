import { Parser } from 'htmlparser2';
import { OpmlError } from '../errors/opml-error.js';
import type { OpmlDocument, OpmlFeed } from './opml-document.js';

const fold = (text: string | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * Reads the feeds of an OPML 1.0/2.0 document (pure): every `<outline>` of the body with an `xmlUrl`
 * (or, as some exporters write it, `type="rss"` with a `url`), at any depth; enclosing outlines
 * are folders. Attribute and element names are matched case-insensitively (`xmlURL`, `xmlurl`).
 * Only XML's own entities are decoded; a DTD is never read (no entity expansion).
 *
 * @throws OpmlError `not-opml` (another root element, no `<body>`), `truncated` (no `</opml>`).
 */
export function parseOpml(text: string): OpmlDocument {
  const feeds: OpmlFeed[] = [];
  const elements: string[] = [];
  const folders: string[] = [];
  const withoutFeedUrl: { text: string; folders: string[] }[] = [];
  // Per open outline: whether it is a feed, and whether an outline opened inside it (a folder).
  const outlines: { label: string; feed: boolean; parent: boolean }[] = [];
  let root: string | undefined;
  let sawBody = false;
  let closed = false;
  let title = '';

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        root ??= name;
        elements.push(name);
        if (root !== 'opml') return;
        const parent = elements.at(-2);
        if (name === 'body' && parent === 'opml') sawBody = true;
        if (name !== 'outline' || !elements.includes('body')) return;
        const enclosing = outlines.at(-1);
        if (enclosing !== undefined) enclosing.parent = true;
        const label = fold(attributes['text']) || fold(attributes['title']);
        const type = fold(attributes['type']).toLowerCase();
        const xmlUrl = (attributes['xmlurl'] ?? (type === 'rss' || type === 'atom' ? attributes['url'] : undefined))?.trim();
        if (xmlUrl !== undefined && xmlUrl !== '') {
          const htmlUrl = attributes['htmlurl']?.trim();
          feeds.push({ text: label, xmlUrl, ...(htmlUrl === undefined || htmlUrl === '' ? {} : { htmlUrl }), folders: [...folders] });
        }
        outlines.push({ label, feed: xmlUrl !== undefined && xmlUrl !== '', parent: false });
        folders.push(label);
      },
      ontext(data) {
        if (elements.at(-1) === 'title' && elements.at(-2) === 'head' && elements.at(-3) === 'opml') title += data;
      },
      onclosetag(name, isImplied) {
        elements.pop();
        if (name === 'outline' && root === 'opml' && elements.includes('body')) {
          folders.pop();
          const outline = outlines.pop();
          if (outline !== undefined && !outline.feed && !outline.parent) withoutFeedUrl.push({ text: outline.label, folders: [...folders] });
        }
        if (name === 'opml' && elements.length === 0 && !isImplied) closed = true;
      },
    },
    { xmlMode: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(text);
  parser.end();

  if (root !== 'opml') {
    throw new OpmlError(root === undefined ? 'not an OPML document: no element found' : `not an OPML document: the root element is <${root}>, expected <opml>`, {
      kind: 'not-opml',
    });
  }
  if (!sawBody) throw new OpmlError('not an OPML document: <opml> has no <body>', { kind: 'not-opml' });
  if (!closed) throw new OpmlError('the OPML document is cut short: it ends before </opml>', { kind: 'truncated' });
  const shownTitle = fold(title);
  return {
    ...(shownTitle === '' ? {} : { title: shownTitle }),
    feeds,
    ...(withoutFeedUrl.length === 0 ? {} : { outlinesWithoutFeedUrl: withoutFeedUrl }),
  };
}
