/**
 * Text of a node as xml2js (through rss-parser) leaves it: a string, `{ _: text, $: attributes }`,
 * an array of those (the first one counts), or an element tree (Atom `type="xhtml"`), whose text
 * is gathered depth-first. Attributes never contribute. Undefined when there is no text at all.
 */
export function xmlNodeText(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.length === 0 ? undefined : xmlNodeText(node[0]);
  if (typeof node !== 'object' || node === null) return undefined;
  const parts: string[] = [];
  collectText(node as Record<string, unknown>, parts);
  return parts.length === 0 ? undefined : parts.join('');
}

/** The trimmed text of a node, or undefined when it is missing or blank. */
export function xmlNodeValue(node: unknown): string | undefined {
  const text = xmlNodeText(node)?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** An attribute of a node (`{ $: { name: value } }`), or undefined. */
export function xmlAttribute(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const attributes = (node as Record<string, unknown>)['$'];
  if (typeof attributes !== 'object' || attributes === null) return undefined;
  const value = (attributes as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function collectText(node: Record<string, unknown>, parts: string[]): void {
  for (const [key, value] of Object.entries(node)) {
    if (key === '$') continue;
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) {
      for (const child of value) {
        if (typeof child === 'string') parts.push(child);
        else if (typeof child === 'object' && child !== null) collectText(child as Record<string, unknown>, parts);
      }
    } else if (typeof value === 'object' && value !== null) collectText(value as Record<string, unknown>, parts);
  }
}
