/** An item as the story matcher sees it: plain values, no I/O. */
export interface StoryItem {
  readonly title: string;
  /** Plain-text summary; '' when the feed gave none. */
  readonly summary: string;
  readonly link?: string;
  /** The outlet (feed title), used to strip its name from an aggregated headline. */
  readonly source?: string;
  /** Epoch milliseconds. */
  readonly publishedAt?: number;
}
