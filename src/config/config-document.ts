import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ConfigProblem } from '../errors/config-error.js';
import type { ConfigDocument, PathSegment } from './config-path.js';

export type { ConfigDocument, PathSegment } from './config-path.js';
export { formatPath } from './config-path.js';

/** Parses YAML text (pure). Syntax errors come back as problems with their line. */
export function parseConfigDocument(
  file: string,
  text: string,
): { readonly document?: ConfigDocument; readonly problems: readonly ConfigProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((error) => ({
        file,
        line: error.linePos?.[0]?.line ?? lineCounter.linePos(error.pos[0]).line,
        path: '',
        message: `YAML syntax: ${error.message.split('\n')[0] ?? error.code}`,
      })),
    };
  }
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;

  const locate = (path: readonly PathSegment[]): number | undefined => {
    let node: unknown = doc.contents;
    let line = lineOf(doc.contents);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
        if (pair === undefined) break;
        // A key's line: for a nested map or list that is where it starts, for a scalar its own line.
        line = lineOf(pair.key as Node) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        line = lineOf(node as Node) ?? line;
      } else {
        break;
      }
    }
    return line;
  };
  return { document: { file, data: doc.toJS() ?? {}, locate }, problems: [] };
}
