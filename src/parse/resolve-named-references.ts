import { Parser } from 'htmlparser2';
import { replaceOutsideCdata } from './replace-outside-cdata.js';

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Named references other than XML's five predefined entities (a fresh regex per use: it is global). */
const namedReference = (): RegExp => /&(?!(?:amp|lt|gt|quot|apos);)([a-z][\w.-]{0,31});/gi;

/** Between references decoded together: no named reference decodes to (or swallows) a NUL. */
const SEPARATOR = '\u0000';

/**
 * Named references the XML parser does not know, made well-formed outside CDATA sections: an HTML
 * entity becomes its character (`&hellip;` -> `…`), anything else becomes literal text
 * (`&doesnotexist;` -> `&amp;doesnotexist;`). Entities a DTD declares are never expanded: `&xxe;`
 * stays the five characters "&xxe;".
 *
 * The distinct names are decoded in one HTML parse, whatever their number (a parser per name took
 * seconds and hundreds of MiB for a document of a million made-up references).
 */
export function resolveNamedReferences(xml: string): string {
  const names = new Set<string>();
  for (const match of xml.matchAll(namedReference())) names.add(match[1] ?? '');
  const decoded = decodeHtmlReferences([...names]);
  return replaceOutsideCdata(xml, namedReference(), (reference, name = '') => {
    const character = decoded.get(name) ?? reference;
    return character === reference ? `&amp;${name};` : character.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
  });
}

/** Each name's `&name;` decoded as HTML text would be (unchanged when it is no HTML entity). */
function decodeHtmlReferences(names: readonly string[]): Map<string, string> {
  if (names.length === 0) return new Map();
  const decoded = decodeHtml(names.map((name) => `&${name};`).join(SEPARATOR)).split(SEPARATOR);
  if (decoded.length === names.length) return new Map(names.map((name, index) => [name, decoded[index] ?? `&${name};`]));
  // Not expected; one parse per name is always right.
  return new Map(names.map((name) => [name, decodeHtml(`&${name};`)]));
}

function decodeHtml(html: string): string {
  let text = '';
  const parser = new Parser({ ontext: (chunk) => (text += chunk) }, { decodeEntities: true });
  parser.end(html);
  return text;
}
