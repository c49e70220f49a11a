import iconv from 'iconv-lite';
import { FeedParseError } from '../errors/feed-parse-error.js';
import { charsetFromContentType } from './charset-from-content-type.js';
import { charsetFromXmlDeclaration } from './charset-from-xml-declaration.js';
import { decodeStrictUtf8 } from './decode-utf8.js';
import { resolveCharset } from './resolve-charset.js';
import { detectUnicodeSignature } from './unicode-signature.js';

/** Zero bytes this early mean binary content (an image, an undecompressed gzip body), not text. */
const BINARY_SNIFF_BYTES = 512;

/**
 * Bytes of a feed body to text. Order: byte-order mark (or the NUL pattern of unmarked UTF-16/32)
 * -> charset of the Content-Type -> encoding of the XML declaration -> UTF-8 when the bytes are
 * valid UTF-8 -> windows-1252. Unknown labels fall through to the next step. Declared labels are
 * checked against the bytes: a UTF-8 label on invalid UTF-8 falls back to windows-1252 (Latin-1
 * served as UTF-8), and a legacy label on valid, non-ASCII UTF-8 yields UTF-8 (a prolog that lies).
 *
 * The result has no byte-order mark. Its XML declaration is left as it is: the XML parser (sax)
 * never reads the `encoding` pseudo-attribute of a string, so a stale label cannot mislead it.
 *
 * @throws FeedParseError kind `encoding` when the body is binary or no decoder could run.
 */
export function decodeFeedBody(body: Uint8Array, contentType?: string): string {
  let text: string;
  try {
    text = decode(body, contentType);
  } catch (error) {
    if (error instanceof FeedParseError) throw error;
    throw new FeedParseError('the feed body could not be decoded', { kind: 'encoding' }, { cause: error });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function decode(body: Uint8Array, contentType: string | undefined): string {
  const signature = detectUnicodeSignature(body);
  if (signature !== undefined) {
    const payload = body.subarray(signature.bomLength);
    return signature.encoding === 'utf-8' ? utf8OrWindows1252(payload) : iconv.decode(payload, signature.encoding);
  }
  if (isBinary(body)) {
    throw new FeedParseError('the feed body is binary (NUL bytes), not text', { kind: 'encoding' });
  }
  for (const label of [charsetFromContentType(contentType), charsetFromXmlDeclaration(body)]) {
    const charset = label === undefined ? undefined : resolveCharset(label);
    // Unknown labels, and UTF-16/32 labels on bytes without the wide pattern, are not evidence.
    if (charset === undefined || charset.family === 'wide') continue;
    if (charset.family === 'utf-8') return utf8OrWindows1252(body);
    const utf8 = decodeStrictUtf8(body);
    // Valid UTF-8 with multi-byte sequences is practically never legacy text: the label is wrong.
    if (utf8 !== undefined && utf8.length !== body.byteLength) return utf8;
    return iconv.decode(body, charset.encoding);
  }
  return utf8OrWindows1252(body);
}

function utf8OrWindows1252(bytes: Uint8Array): string {
  return decodeStrictUtf8(bytes) ?? iconv.decode(bytes, 'windows-1252');
}

function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
