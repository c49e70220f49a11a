/** What the start of a document says it is, read without parsing the document. */
export type RootSniff =
  | { readonly kind: 'empty' }
  /** The document starts with text, not markup: JSON, plain text, binary garbage. */
  | { readonly kind: 'text'; readonly start: string }
  /** A comment, processing instruction or DOCTYPE that never ends. */
  | { readonly kind: 'unterminated' }
  | { readonly kind: 'element'; readonly name: string };

const ELEMENT_NAME = /^<([A-Za-z_][\w:.-]*)/;

/**
 * Skips the prolog (XML declaration, processing instructions, comments, DOCTYPE with its internal
 * subset, white space, byte-order mark) and returns the name of the root element. Reads only the
 * prolog, never the body; the DOCTYPE is skipped, never interpreted.
 */
export function sniffRootElement(text: string): RootSniff {
  const found = walkProlog(text);
  return found.kind === 'element' ? { kind: 'element', name: found.name } : found;
}

/** Index of the `<` that opens the root element, or undefined when the document has none. */
export function rootElementIndex(text: string): number | undefined {
  const found = walkProlog(text);
  return found.kind === 'element' ? found.at : undefined;
}

function walkProlog(text: string): Exclude<RootSniff, { kind: 'element' }> | { kind: 'element'; name: string; at: number } {
  let at = skipSpace(text, 0);
  for (;;) {
    if (at >= text.length) return { kind: 'empty' };
    if (text.startsWith('<?', at)) {
      const end = text.indexOf('?>', at + 2);
      if (end === -1) return { kind: 'unterminated' };
      at = skipSpace(text, end + 2);
    } else if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end === -1) return { kind: 'unterminated' };
      at = skipSpace(text, end + 3);
    } else if (text.startsWith('<!', at)) {
      const end = endOfDoctype(text, at + 2);
      if (end === -1) return { kind: 'unterminated' };
      at = skipSpace(text, end + 1);
    } else {
      const match = ELEMENT_NAME.exec(text.slice(at, at + 256));
      if (match?.[1] === undefined) return { kind: 'text', start: text.slice(at, at + 16) };
      return { kind: 'element', name: match[1], at };
    }
  }
}

/** Index of the `>` closing a `<!DOCTYPE ...>`, stepping over quoted strings and `[...]`. */
function endOfDoctype(text: string, from: number): number {
  let quote = '';
  let inSubset = false;
  for (let at = from; at < text.length; at += 1) {
    const char = text.charAt(at);
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '[') {
      inSubset = true;
    } else if (char === ']') {
      inSubset = false;
    } else if (char === '>' && !inSubset) {
      return at;
    }
  }
  return -1;
}

function skipSpace(text: string, from: number): number {
  let at = from;
  for (;;) {
    const code = text.charCodeAt(at);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xfeff) at += 1;
    else return at;
  }
}
