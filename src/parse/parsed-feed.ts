/**
 * One entry as the feed wrote it: raw strings (trimmed, never blank), HTML where the format allows
 * markup (Atom plain-text constructs are escaped to HTML so every text field reads the same way).
 */
export interface ParsedEntry {
  /** RSS `<guid>` or Atom `<id>`. */
  readonly guid?: string;
  /** As written (may be relative): feedburner origLink, link, Atom rel=alternate, or a permalink guid. */
  readonly link?: string;
  readonly title?: string;
  /** Full content: RSS `content:encoded`, Atom `<content>`. */
  readonly contentHtml?: string;
  /** Short form: RSS `description`, Atom `<summary>`, iTunes/Media RSS descriptions. */
  readonly summaryHtml?: string;
  readonly categories: readonly string[];
  /** The entry's date as written (published before updated). */
  readonly date?: string;
}

export interface ParsedFeed {
  /** Plain text ('' when the feed has none). */
  readonly title: string;
  /** The site link as written. */
  readonly link?: string;
  readonly entries: readonly ParsedEntry[];
}

/** A ParsedEntry under construction (optional fields are only set when they have a value). */
export type MutableParsedEntry = { -readonly [K in keyof ParsedEntry]: ParsedEntry[K] };

/**
 * A new MutableParsedEntry with its categories (pure). Built from an empty object, not from a
 * literal with properties: V8 keeps an allocation site for such a literal (and for `[]`), and
 * once most of a site's objects were alive at a young-generation collection it allocates all its
 * later objects in the old generation ("pretenuring"). An entry there, garbage as soon as its
 * document is read, still holds substrings of the (young) document until the next full
 * collection, so every young collection copied and promoted the documents and what they hold.
 * An empty object literal has no allocation site. See docs/benchmark.md, "Fifth pass, the seeding
 * process".
 */
export function newParsedEntry(categories: readonly string[]): MutableParsedEntry {
  const entry = {} as MutableParsedEntry;
  entry.categories = categories;
  return entry;
}
