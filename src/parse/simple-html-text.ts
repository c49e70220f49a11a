/**
 * The text of an HTML fragment made only of plain text and common tags (`<p>`, `<em>`, `<a href>`,
 * `<br/>`...), read without htmlparser2: most feed summaries look like this, and creating a parser
 * per summary cost more than reading the summary. The result is what html-to-text.ts gathers from
 * htmlparser2 for the same fragment, up to the number of separating spaces (folded afterwards):
 * the same text sections, with a space wherever htmlparser2 reports the start or end of an element
 * that separates words, including the ends it implies (`<p>a<div>b` closes the `p`). Undefined as
 * soon as the fragment holds anything else (an entity, a comment, another tag, a tag written in an
 * unusual way): the caller then runs htmlparser2. Pure.
 */

/** Elements that separate words (see html-to-text.ts); every one of them is known here. */
export const SIMPLE_BREAKING_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav',
  'ol', 'p', 'pre', 'section', 'table', 'td', 'th', 'tr', 'ul',
]);

/** Inline elements read here too: they add nothing to the text. None has special parsing in htmlparser2. */
const INLINE_ELEMENTS: ReadonlySet<string> = new Set([
  'a', 'abbr', 'b', 'cite', 'code', 'del', 'em', 'i', 'ins', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u',
]);

/** Elements without an end tag, as htmlparser2 knows them (the known ones). */
const VOID_ELEMENTS: ReadonlySet<string> = new Set(['br', 'hr', 'img']);

const P = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const DD_DT = new Set(['dd', 'dt']);

/**
 * htmlparser2's `openImpliesClose`, for the elements known here (only those can be open): opening
 * the key closes the open elements of its set that are on top of the stack.
 */
const OPEN_IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['th', 'td'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['p', P],
  ['h1', HEADINGS], ['h2', HEADINGS], ['h3', HEADINGS], ['h4', HEADINGS], ['h5', HEADINGS], ['h6', HEADINGS],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ...['address', 'article', 'aside', 'blockquote', 'div', 'dl', 'figcaption', 'figure', 'footer', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (name) => [name, P] as const,
  ),
]);

// HTML white space for htmlparser2's tokenizer: space, tab, LF, FF, CR.
const OPEN_TAG = /<([A-Za-z][A-Za-z0-9]*)(?:[ \t\n\f\r]+[A-Za-z_:][\w:.-]*(?:[ \t\n\f\r]*=[ \t\n\f\r]*(?:"[^"]*"|'[^']*'))?)*[ \t\n\f\r]*\/?>/y;
const CLOSE_TAG = /<\/([A-Za-z][A-Za-z0-9]*)[ \t\n\f\r]*>/y;

/**
 * The text sections of `html` joined, with ' ' for each separating element's start or end, up to
 * the section that brings the characters read past `budget` (as html-to-text.ts stops htmlparser2);
 * undefined when the fragment is not simple (see above).
 */
export function simpleHtmlText(html: string, budget: number): string | undefined {
  if (html.includes('&')) return undefined;
  const chunks: string[] = [];
  const stack: string[] = [];
  let collected = 0;
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    const end = lt === -1 ? html.length : lt;
    if (end > at) {
      chunks.push(html.slice(at, end));
      collected += end - at;
      if (collected > budget) break;
    }
    if (lt === -1) break;
    const next = html.charAt(lt + 1) === '/' ? closeTag(html, lt, stack, chunks) : openTag(html, lt, stack, chunks);
    if (next === undefined) return undefined;
    at = next;
  }
  return chunks.join('');
}

/** Reads the start tag at `lt`; the index after it, or undefined when it is not a simple one. */
function openTag(html: string, lt: number, stack: string[], chunks: string[]): number | undefined {
  OPEN_TAG.lastIndex = lt;
  const match = OPEN_TAG.exec(html);
  const name = match?.[1]?.toLowerCase();
  if (match === null || name === undefined || !isKnown(name)) return undefined;
  const closes = OPEN_IMPLIES_CLOSE.get(name);
  if (closes !== undefined) {
    while (stack.length > 0 && closes.has(stack[stack.length - 1] ?? '')) pop(stack, chunks);
  }
  if (SIMPLE_BREAKING_ELEMENTS.has(name)) chunks.push(' ');
  // A void element is reported opened and closed; a `/>` on another one is ignored (HTML, not XML).
  if (!VOID_ELEMENTS.has(name)) stack.push(name);
  return lt + match[0].length;
}

/** Reads the end tag at `lt`, as htmlparser2 does: it closes what is open above its element too. */
function closeTag(html: string, lt: number, stack: string[], chunks: string[]): number | undefined {
  CLOSE_TAG.lastIndex = lt;
  const match = CLOSE_TAG.exec(html);
  const name = match?.[1]?.toLowerCase();
  if (match === null || name === undefined || !isKnown(name)) return undefined;
  if (!VOID_ELEMENTS.has(name)) {
    const position = stack.lastIndexOf(name);
    if (position !== -1) {
      while (stack.length > position) pop(stack, chunks);
    } else if (name === 'p') {
      chunks.push(' '); // `</p>` alone: an empty paragraph, opened and closed.
    }
  } else if (name === 'br') {
    chunks.push(' '); // `</br>` is a `<br>`.
  }
  return lt + match[0].length;
}

function pop(stack: string[], chunks: string[]): void {
  const name = stack.pop();
  if (name !== undefined && SIMPLE_BREAKING_ELEMENTS.has(name)) chunks.push(' ');
}

function isKnown(name: string): boolean {
  return SIMPLE_BREAKING_ELEMENTS.has(name) || INLINE_ELEMENTS.has(name);
}
