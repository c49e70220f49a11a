import { rootElementIndex } from './sniff-root-element.js';

/**
 * Entries read from one document at most. Real feeds list tens to hundreds; the cost of reading one
 * is paid per entry (rss-parser builds an object per item, then ids, normalization, the store), so a
 * 10 MiB document of 1.4 million `<item/>` took 14 s and 1.5 GiB in a cycle. Feeds list their newest
 * entries first, so the first ones are kept.
 */
export const MAX_FEED_ENTRIES = 5_000;

const ELEMENT_NAME = /[A-Za-z_][\w:.-]*/y;

/**
 * The document cut before its `max + 1`-th entry (`<item>` or `<entry>`, unprefixed, as rss-parser
 * reads them), with the elements open at the first entry closed again (`</channel></rss>`,
 * `</rdf:RDF>`, `</feed>`): what follows the cut is never parsed. Entry tags inside CDATA sections
 * and comments do not count. Returned unchanged when it has no more than `max` entries or when it
 * is too broken to cut safely (left for the parser to report). Linear in the length of the text.
 */
export function limitEntries(xml: string, entry: 'item' | 'entry', max: number): string {
  // Nearly every document is far under the limit: counting the raw `<item` (or `<entry`) is a
  // fast upper bound (it also counts `<items>` and tags in CDATA or comments), and enough.
  if (!occursMoreThan(xml, `<${entry}`, max)) return xml;
  const root = rootElementIndex(xml);
  if (root === undefined) return xml;
  const header = openElementsBefore(xml, root, entry);
  if (header === undefined) return xml;
  // From the first entry on, only entry starts, CDATA sections and comments matter.
  const openers = new RegExp(`<(?:!\\[CDATA\\[|!--|${entry}(?=[\\s/>]))`, 'g');
  openers.lastIndex = header.firstEntry;
  let count = 0;
  for (let match = openers.exec(xml); match !== null; match = openers.exec(xml)) {
    const at = match.index;
    if (match[0] === '<![CDATA[' || match[0] === '<!--') {
      const close = match[0] === '<!--' ? '-->' : ']]>';
      const end = xml.indexOf(close, at + match[0].length);
      if (end === -1) return xml;
      openers.lastIndex = end + close.length;
      continue;
    }
    count += 1;
    if (count > max) return xml.slice(0, at) + header.open.map((name) => `</${name}>`).reverse().join('');
  }
  return xml;
}

function occursMoreThan(text: string, needle: string, max: number): boolean {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
    count += 1;
    if (count > max) return true;
  }
  return false;
}

/**
 * The elements open where the first entry starts (the root, the RSS channel...), read tag by tag
 * from the root element; undefined when there is no entry or a construct never ends.
 */
function openElementsBefore(xml: string, from: number, entry: string): { open: string[]; firstEntry: number } | undefined {
  const open: string[] = [];
  let at = from;
  for (;;) {
    const lt = xml.indexOf('<', at);
    if (lt === -1) return undefined;
    const skipped = skipSpecial(xml, lt);
    if (skipped === -1) return undefined;
    if (skipped !== undefined) {
      at = skipped;
      continue;
    }
    const closing = xml.charAt(lt + 1) === '/';
    ELEMENT_NAME.lastIndex = lt + (closing ? 2 : 1);
    const name = ELEMENT_NAME.exec(xml)?.[0];
    if (name === undefined) {
      at = lt + 1;
      continue;
    }
    if (!closing && name === entry) return { open, firstEntry: lt };
    const end = endOfTag(xml, lt + 1 + name.length);
    if (end === -1) return undefined;
    if (closing) {
      if (open[open.length - 1] === name) open.pop();
    } else if (xml.charAt(end - 1) !== '/') {
      open.push(name);
    }
    at = end + 1;
  }
}

/** After a comment, CDATA section, processing instruction or declaration at `lt`; -1 if it never ends. */
function skipSpecial(xml: string, lt: number): number | undefined {
  for (const [open, close] of [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>'], ['<!', '>']] as const) {
    if (!xml.startsWith(open, lt)) continue;
    const end = xml.indexOf(close, lt + open.length);
    return end === -1 ? -1 : end + close.length;
  }
  return undefined;
}

/** Index of the `>` ending a tag whose attributes start at `from` (quoted values may hold `>`). */
function endOfTag(xml: string, from: number): number {
  let quote = '';
  for (let at = from; at < xml.length; at += 1) {
    const char = xml.charAt(at);
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return at;
    }
  }
  return -1;
}
