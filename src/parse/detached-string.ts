/**
 * A copy of `value` that holds none of the string it was cut from (pure; same characters).
 *
 * V8 represents a substring of 13 characters or more as a slice of its parent, and a concatenation
 * as a pair of its parts: a guid, title or summary read from a feed can keep the whole document
 * (about 300 KB once decoded) reachable for as long as the item lives. Items wait for their
 * commit while other documents are parsed, so the document survived the young generation's
 * collections and was copied and promoted with them (see docs/benchmark.md, "Fifth pass, the
 * seeding process"). Shorter strings are always flat copies already.
 */
export function detachedString(value: string): string {
  // The concatenation is flattened into a new string by the slice; the slice keeps only that one.
  return value.length < 13 ? value : (' ' + value).slice(1);
}
