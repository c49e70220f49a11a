import { Parser } from 'htmlparser2';
import { replaceOutsideCdata } from './replace-outside-cdata.js';

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Named references the XML parser does not know, made well-formed outside CDATA sections: an HTML
 * entity becomes its character (`&hellip;` -> `…`), anything else becomes literal text
 * (`&doesnotexist;` -> `&amp;doesnotexist;`). Entities a DTD declares are never expanded: `&xxe;`
 * stays the five characters "&xxe;".
 */
export function resolveNamedReferences(xml: string): string {
  const decoded = new Map<string, string>();
  // Named references other than XML's five predefined entities.
  return replaceOutsideCdata(xml, /&(?!(?:amp|lt|gt|quot|apos);)([a-z][\w.-]{0,31});/gi, (reference, name = '') => {
    let replacement = decoded.get(name);
    if (replacement === undefined) {
      const character = decodeHtmlReference(reference);
      replacement = character === reference ? `&amp;${name};` : character.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
      decoded.set(name, replacement);
    }
    return replacement;
  });
}

function decodeHtmlReference(reference: string): string {
  let text = '';
  const parser = new Parser({ ontext: (chunk) => (text += chunk) }, { decodeEntities: true });
  parser.end(reference);
  return text;
}
