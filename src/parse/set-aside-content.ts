/**
 * The full article of each RSS item (`<content:encoded>`) is most of a feed's bytes (about 60% of
 * the bench's documents), and the XML parser reads it character by character. When every such
 * element of a document is one CDATA section (`<content:encoded><![CDATA[...]]></content:encoded>`,
 * white space around it allowed, as WordPress and most CMSs write it), its text is known without
 * parsing: the section's characters as written (the XML parser reports a CDATA section verbatim).
 * Each one is then set aside and replaced by its index, the document parsed without them, and each
 * entry's `contentHtml` put back from the index (see parse-feed.ts). Pure.
 *
 * Undefined (parse the document as it is) when the document has no such element, or any of them
 * is written otherwise (attributes, entities, several sections, markup, self-closing), or a
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
    if (!xml.startsWith(CDATA_OPEN, sectionAt)) return undefined;
    const sectionEnd = xml.indexOf(CDATA_CLOSE, sectionAt + CDATA_OPEN.length);
    if (sectionEnd === -1) return undefined;
    const closeAt = skipXmlSpace(xml, sectionEnd + CDATA_CLOSE.length);
    if (!xml.startsWith(CLOSE, closeAt)) return undefined;
    parts.push(xml.slice(copiedTo, at), `${OPEN}${contents.length}${CLOSE}`);
    contents.push(xml.slice(sectionAt + CDATA_OPEN.length, sectionEnd));
    copiedTo = closeAt + CLOSE.length;
    LANDMARKS.lastIndex = copiedTo;
  }
  if (contents.length === 0) return undefined;
  parts.push(xml.slice(copiedTo));
  return { text: parts.join(''), contents };
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
