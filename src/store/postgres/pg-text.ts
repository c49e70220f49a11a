/**
 * PostgreSQL `text` cannot hold U+0000, which a hostile feed can put in an id or a link (SQLite
 * stores it). Keys (item ids, story keys, headline keys) are stored escaped, one-to-one, so that
 * equality still means equality: `\` becomes `\\` and U+0000 becomes `\0`.
 */
export function pgKey(value: string): string {
  return value.includes('\u0000') || value.includes('\\') ? value.replaceAll('\\', '\\\\').replaceAll('\u0000', '\\0') : value;
}

/** Free text (error messages, reasons): a U+0000 becomes U+FFFD, as a decoder shows a bad byte. */
export function pgMessage(value: string): string {
  return value.replaceAll('\u0000', '\uFFFD');
}

/** The key `pgKey` stored, as it was given. */
export function fromPgKey(stored: string): string {
  return stored.includes('\\') ? stored.replace(/\\([\\0])/g, (_, escaped: string) => (escaped === '0' ? '\u0000' : '\\')) : stored;
}
