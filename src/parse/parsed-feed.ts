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
