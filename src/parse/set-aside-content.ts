/**
 * The full article of each RSS item (`<content:encoded>`) is most of a feed's bytes (about 60% of
 * the bench's documents), and the XML parser reads it character by character. When every such
 * element of a document is one CDATA section (`<content:encoded><![CDATA[...]]></content:encoded>`,
 * white space around it allowed, as WordPress and most CMSs write it) or escaped text without
 * markup (`&lt;p&gt;...`), its text is known without parsing: the section's characters as written
 * (the XML parser reports a CDATA section verbatim), or the text with its references replaced as
 * the XML parser replaces them (see escapedText).
 * Each one is then set aside and replaced by its index, the document parsed without them, and each
 * entry's `contentHtml` put back from the index (see parse-feed.ts). Pure.
 *
 * Undefined (parse the document as it is) when the document has no such element, or any of them
 * is written otherwise (attributes, several sections, markup, other entities, self-closing), or a
 * document type declaration could give the text another meaning. CDATA sections and comments are
 * skipped while looking for the elements: what they hold is text.
 */
export interface SetAsideContent {
  /** The document with each `<content:encoded>` holding its index instead of its section. */
  readonly text: string;
  /** The text of each section, by index. */
  readonly contents: readonly string[];
}

const OPEN = '<content:encoded>';
const CLOSE = '</content:encoded>';
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
/** What the scan stops at: a CDATA section, a comment, another declaration, the element (any form). */
const LANDMARKS = /<(?:!\[CDATA\[|!--|!|content:encoded)/g;

export function setAsideContent(xml: string): SetAsideContent | undefined {
  if (!xml.includes(OPEN)) return undefined;
  const parts: string[] = [];
  const contents: string[] = [];
  let copiedTo = 0;
  LANDMARKS.lastIndex = 0;
  for (let match = LANDMARKS.exec(xml); match !== null; match = LANDMARKS.exec(xml)) {
    const at = match.index;
    const landmark = match[0];
    if (landmark === '<![CDATA[' || landmark === '<!--') {
      const close = landmark === '<!--' ? '-->' : CDATA_CLOSE;
      const end = xml.indexOf(close, at + landmark.length);
      if (end === -1) return undefined;
      LANDMARKS.lastIndex = end + close.length;
      continue;
    }
    // A document type declaration may declare entities or an internal subset: not read here.
    if (landmark === '<!') return undefined;
    if (!xml.startsWith(OPEN, at)) return undefined; // attributes, self-closing, or a longer name
    const sectionAt = skipXmlSpace(xml, at + OPEN.length);
    let content: string | undefined;
    let closeAt: number;
    if (xml.startsWith(CDATA_OPEN, sectionAt)) {
      const sectionEnd = xml.indexOf(CDATA_CLOSE, sectionAt + CDATA_OPEN.length);
      if (sectionEnd === -1) return undefined;
      closeAt = skipXmlSpace(xml, sectionEnd + CDATA_CLOSE.length);
      if (!xml.startsWith(CLOSE, closeAt)) return undefined;
      content = xml.slice(sectionAt + CDATA_OPEN.length, sectionEnd);
    } else {
      // Text only (escaped HTML): up to the end tag, without markup, every reference one the
      // parser reads the same way.
      closeAt = xml.indexOf(CLOSE, at + OPEN.length);
      if (closeAt === -1) return undefined;
      content = escapedText(xml.slice(at + OPEN.length, closeAt));
      if (content === undefined) return undefined;
    }
    parts.push(xml.slice(copiedTo, at), `${OPEN}${contents.length}${CLOSE}`);
    contents.push(content);
    copiedTo = closeAt + CLOSE.length;
    LANDMARKS.lastIndex = copiedTo;
  }
  if (contents.length === 0) return undefined;
  parts.push(xml.slice(copiedTo));
  return { text: parts.join(''), contents };
}

/** The five predefined entities, as sax (rss-parser's XML parser) reads them. */
const PREDEFINED: ReadonlyMap<string, string> = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"]]);
const DECIMAL = /^#[0-9]+$/;
const HEXADECIMAL = /^#[xX][0-9a-fA-F]+$/;

/**
 * The text sax reads from `body`, the content of an element without markup: its characters as
 * written, each reference replaced. Undefined when `body` holds markup (`<`) or a reference that
 * sax reads otherwise or refuses: only the five predefined entities, lowercase, and character
 * references to a character XML allows (sax's `parseEntity` and `isXmlChar`) are read here.
 */
function escapedText(body: string): string | undefined {
  if (body.includes('<')) return undefined;
  let text = '';
  let copiedTo = 0;
  for (let amp = body.indexOf('&'); amp !== -1; amp = body.indexOf('&', copiedTo)) {
    const semicolon = body.indexOf(';', amp + 1);
    if (semicolon === -1) return undefined;
    const char = referencedChar(body.slice(amp + 1, semicolon));
    if (char === undefined) return undefined;
    text += body.slice(copiedTo, amp) + char;
    copiedTo = semicolon + 1;
  }
  return copiedTo === 0 ? body : text + body.slice(copiedTo);
}

function referencedChar(name: string): string | undefined {
  const predefined = PREDEFINED.get(name);
  if (predefined !== undefined) return predefined;
  const hexadecimal = HEXADECIMAL.test(name);
  if (!hexadecimal && !DECIMAL.test(name)) return undefined;
  const digits = name.slice(hexadecimal ? 2 : 1).toLowerCase();
  const code = Number.parseInt(digits, hexadecimal ? 16 : 10);
  // sax refuses a reference that does not read back the same (leading zeros aside), and characters XML does not allow.
  if (code.toString(hexadecimal ? 16 : 10) !== digits.replace(/^0+/, '') || !isXmlChar(code)) return undefined;
  return String.fromCodePoint(code);
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** After the XML white space (space, tab, CR, LF) from `at`. */
function skipXmlSpace(xml: string, at: number): number {
  let index = at;
  for (;;) {
    const code = xml.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return index;
    index += 1;
  }
}
