/**
 * Paths in a parsed config file, and the parsed file itself. Apart from config-document.ts, which
 * parses YAML: a config taken from the cache (parsed-yaml-cache.ts) never loads the YAML parser.
 */
export type PathSegment = string | number;

/** One parsed config file: its data plus a way to find the line of any path in it. */
export interface ConfigDocument {
  readonly file: string;
  readonly data: unknown;
  /** 1-based line of the node at `path` (or of its nearest existing parent). */
  locate(path: readonly PathSegment[]): number | undefined;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
