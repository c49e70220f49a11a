import { Document, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import type { PlannedSource } from '../opml/plan-import.js';

/** The config file `veille import-opml` writes; the user's other files are never touched. */
export const IMPORTED_SOURCES_FILE = 'imported-sources.yaml';

const HEADER =
  ' Sources imported from OPML by `veille import-opml`. Edit freely: later imports add to this\n' +
  ' list and skip feeds whose URL or name is already configured.';

/**
 * The imported-sources file with `sources` appended (pure): a new file when `existing` is undefined,
 * else the same document (comments kept) with the entries added to its `sources` list. A `$` in a
 * value is written `$$`, so that `${...}` in a feed URL is never taken for an environment variable.
 */
export function appendImportedSources(existing: string | undefined, sources: readonly PlannedSource[]): string {
  const entries = sources.map((source) => ({ name: escapeDollar(source.name), url: escapeDollar(source.url) }));
  const doc = parseDocument(existing ?? '');
  if (existing === undefined || doc.contents === null) {
    const fresh = new Document({ sources: entries });
    fresh.commentBefore = doc.commentBefore ?? HEADER;
    return fresh.toString();
  }
  const list = doc.get('sources', true);
  if (isSeq(list)) {
    list.flow = false;
    for (const entry of entries) list.items.push(doc.createNode(entry));
  } else {
    const seq = doc.createNode(entries) as YAMLSeq;
    doc.set('sources', seq);
  }
  return doc.toString();
}

function escapeDollar(text: string): string {
  return text.replaceAll('$', () => '$$');
}
