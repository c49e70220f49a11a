import iconv from 'iconv-lite';

/** What a charset label means for decoding. */
export type ResolvedCharset =
  | { readonly family: 'utf-8' }
  /** A UTF-16/32 label: only trusted when the bytes themselves show the wide pattern. */
  | { readonly family: 'wide' }
  /** An ASCII-compatible legacy charset, by its iconv-lite name. */
  | { readonly family: 'legacy'; readonly encoding: string };

const UTF8_LABELS: ReadonlySet<string> = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'x-unicode20utf8']);

const WIDE_LABEL = /^(?:utf-?(?:16|32)(?:le|be)?|ucs-?2|ucs-?4|unicode(?:fffe|feff)?|iso-10646-ucs-2)$/;

/**
 * Labels that browsers (WHATWG Encoding) decode as windows-1252: feeds labelled Latin-1 or ASCII
 * are in practice windows-1252 (curly quotes, euro sign and dashes in 0x80-0x9F).
 */
const WINDOWS_1252_LABELS: ReadonlySet<string> = new Set([
  'ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100',
  'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'windows-1252',
  'x-cp1252',
]);

/** Maps a declared label to a decoder, or undefined when iconv-lite does not know it. */
export function resolveCharset(label: string): ResolvedCharset | undefined {
  const normalized = label.trim().toLowerCase();
  if (UTF8_LABELS.has(normalized)) return { family: 'utf-8' };
  if (WIDE_LABEL.test(normalized)) return { family: 'wide' };
  if (WINDOWS_1252_LABELS.has(normalized)) return { family: 'legacy', encoding: 'windows-1252' };
  return iconv.encodingExists(normalized) ? { family: 'legacy', encoding: normalized } : undefined;
}
