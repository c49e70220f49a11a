/** What a feed document says of how often to read it, in ms (see FeedHints in src/store/store.ts). */
export interface DocumentHints {
  readonly ttlMs?: number;
  readonly updatePeriodMs?: number;
}

const HOUR = 3_600_000;
const PERIODS: Readonly<Record<string, number>> = { hourly: HOUR, daily: 24 * HOUR, weekly: 7 * 24 * HOUR, monthly: 30 * 24 * HOUR, yearly: 365 * 24 * HOUR };

/** The channel's elements come before its first entry; past this many characters, nothing is looked for. */
const HEAD_LIMIT = 65_536;

/**
 * The channel-level hints of a feed document (pure): RSS `<ttl>` (minutes) and the syndication
 * module's `updatePeriod` / `updateFrequency` (`sy:` as usually written; any prefix is accepted),
 * read from the document's head, before its first `<item>` or `<entry>`. Values that are not
 * positive numbers or known periods are ignored.
 */
export function readFeedHints(xml: string): DocumentHints {
  const firstEntry = xml.slice(0, HEAD_LIMIT).search(/<(?:item|entry)[\s>/]/);
  const head = xml.slice(0, firstEntry === -1 ? HEAD_LIMIT : firstEntry);
  const ttl = /<ttl\s*>\s*(\d{1,9})\s*<\/ttl\s*>/.exec(head);
  const ttlMinutes = ttl === null ? 0 : Number(ttl[1]);
  const period = /<(?:[\w.-]+:)?updatePeriod\s*>\s*([A-Za-z]+)\s*</.exec(head);
  const periodMs = period === null ? undefined : PERIODS[(period[1] ?? '').toLowerCase()];
  const frequency = /<(?:[\w.-]+:)?updateFrequency\s*>\s*(\d{1,9})\s*</.exec(head);
  const times = frequency === null ? 1 : Number(frequency[1]);
  return {
    ...(ttlMinutes > 0 ? { ttlMs: ttlMinutes * 60_000 } : {}),
    ...(periodMs !== undefined && times > 0 ? { updatePeriodMs: Math.round(periodMs / times) } : {}),
  };
}
