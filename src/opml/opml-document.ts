/** A feed found in an OPML file: an `<outline>` with an `xmlUrl`. */
export interface OpmlFeed {
  /** The outline's `text` (the name the reader showed), else its `title`; white space folded, '' when neither. */
  readonly text: string;
  /** The feed URL as written (trimmed). */
  readonly xmlUrl: string;
  readonly htmlUrl?: string;
  /** Names of the enclosing outlines (folders), outermost first. */
  readonly folders: readonly string[];
}

/** What veille reads of an OPML document. */
export interface OpmlDocument {
  /** `<head><title>`, when present and not empty. */
  readonly title?: string;
  /** Feeds in document order (a feed listed in two folders appears twice). */
  readonly feeds: readonly OpmlFeed[];
  /**
   * Leaf outlines (no child outline, so not folders) without a feed URL: a bookmark, or a feed
   * whose exporter lost its `xmlUrl`. Listed as skipped, never silently dropped. Absent when none.
   */
  readonly outlinesWithoutFeedUrl?: readonly { readonly text: string; readonly folders: readonly string[] }[];
}

/** What veille writes: a flat list of feeds. */
export interface OpmlExport {
  readonly title: string;
  readonly feeds: readonly { readonly name: string; readonly xmlUrl: string }[];
}
