import { xmlAttribute, xmlNodeValue } from './xml-node-text.js';

type RawItem = Readonly<Record<string, unknown>>;

/** The first of several candidate nodes that has a non-blank text. */
export function firstValue(...nodes: readonly unknown[]): string | undefined {
  for (const node of nodes) {
    const value = xmlNodeValue(node);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Category-like nodes: RSS `<category>` text, Atom `term` (else `label`), `dc:subject` text. */
export function rawCategories(item: RawItem): string[] {
  // Not `[]`: an array literal has an allocation site, which V8 may pretenure (see newParsedEntry).
  const categories = Array.of<string>();
  for (const field of ['veilleCategories', 'veilleSubjects']) {
    const nodes = item[field];
    if (!Array.isArray(nodes)) continue;
    for (const node of nodes) {
      const value = xmlNodeValue(node) ?? xmlAttribute(node, 'term')?.trim() ?? xmlAttribute(node, 'label')?.trim();
      if (value !== undefined && value !== '') categories.push(value);
    }
  }
  return categories;
}

/** `<media:description>` of the item, directly or inside `<media:group>` (YouTube). */
export function mediaDescription(item: RawItem): string | undefined {
  const group = item['veilleMediaGroup'];
  const grouped = typeof group === 'object' && group !== null ? (group as Record<string, unknown>)['media:description'] : undefined;
  return firstValue(item['veilleMediaDescription'], grouped);
}
