/**
 * An xml2js `validator` that reshapes what would crash rss-parser's builders, for the second
 * attempt at a document whose first parse threw a TypeError/RangeError (so ordinary feeds pay
 * nothing for it):
 * - `<rss>` without `<channel>` (items directly under the root, or nothing) gets one;
 * - `<rdf:RDF>` without `<channel>` gets an empty one;
 * - Atom `<link>` without attributes (`<link>https://...</link>`) becomes `<link href="...">`;
 * - Atom `<published>`/`<updated>` that `Date` cannot read is hidden from rss-parser's
 *   `toISOString()` (the raw value is still read as a custom field).
 */
export function repairFeedStructure(xpath: string, _previous: unknown, value: unknown): unknown {
  switch (xpath) {
    case '/rss':
      return withChannel(value, true);
    case '/rdf:RDF':
      return withChannel(value, false);
    case '/feed/link':
    case '/feed/entry/link':
      return typeof value === 'string' ? { $: value.trim() === '' ? {} : { href: value.trim() } } : value;
    case '/feed/entry/published':
    case '/feed/entry/updated':
      return typeof value === 'string' && Number.isNaN(Date.parse(value)) ? { _: value } : value;
    default:
      return value;
  }
}

function withChannel(value: unknown, moveChildren: boolean): unknown {
  if (typeof value !== 'object' || value === null) return { channel: [{}] };
  const node = value as Record<string, unknown>;
  if (node['channel'] !== undefined) return value;
  if (!moveChildren) return { ...node, channel: [{}] };
  const { $: attributes, ...children } = node;
  return { ...(attributes === undefined ? {} : { $: attributes }), channel: [children] };
}
