import { completeTrailingEndTag } from './complete-trailing-end-tag.js';
import { escapeBareAmpersands } from './escape-bare-ampersands.js';
import { resolveNamedReferences } from './resolve-named-references.js';

/** sax error messages (their first words) and the textual repair each one calls for. */
const REPAIRS: readonly (readonly [string, (xml: string) => string])[] = [
  ['Invalid character in entity name', escapeBareAmpersands], // AT&T
  ['Invalid character entity', resolveNamedReferences], // &doesnotexist;, or an HTML5-only entity
  ['Unclosed root tag', completeTrailingEndTag], // ...</rss (no final ">")
];

/**
 * The document with the fault sax reported repaired, or undefined when that fault has no repair
 * or the repair changes nothing (every repair is idempotent, so retries always terminate).
 */
export function repairXmlText(xml: string, saxMessage: string): string | undefined {
  const repair = REPAIRS.find(([prefix]) => saxMessage.startsWith(prefix))?.[1];
  const repaired = repair?.(xml);
  return repaired === undefined || repaired === xml ? undefined : repaired;
}
