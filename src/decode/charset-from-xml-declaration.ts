/** How far into the body the XML declaration is looked for (it must open the document). */
const DECLARATION_WINDOW = 1024;

const ENCODING_DECLARATION = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/**
 * The `encoding` pseudo-attribute of the XML declaration, read from the first bytes as Latin-1
 * (the declaration itself is ASCII in every ASCII-compatible charset). Leading whitespace is
 * tolerated: it is ill-formed but common, and it does not make the label less meaningful.
 */
export function charsetFromXmlDeclaration(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, DECLARATION_WINDOW)).toString('latin1');
  const match = ENCODING_DECLARATION.exec(head);
  const label = (match?.[1] ?? match?.[2])?.trim();
  return label === undefined || label === '' ? undefined : label;
}
