import type { Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip } from 'node:zlib';
import { InflateAuto } from './inflate-auto.js';

export type ContentDecoders =
  | { readonly ok: true; readonly decoders: readonly Transform[] }
  | { readonly ok: false; readonly unsupported: string };

/** The content codings listed in a Content-Encoding header, `identity` left out. */
export function parseContentEncoding(header: string | undefined): readonly string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

/**
 * Streams that undo a Content-Encoding, in the order the body must go through them
 * (codings are listed in the order they were applied, so they are undone last first).
 */
export function createContentDecoders(codings: readonly string[]): ContentDecoders {
  const decoders: Transform[] = [];
  for (const coding of [...codings].reverse()) {
    const decoder = createDecoder(coding);
    if (decoder === undefined) {
      for (const created of decoders) created.destroy();
      return { ok: false, unsupported: coding };
    }
    decoders.push(decoder);
  }
  return { ok: true, decoders };
}

function createDecoder(coding: string): Transform | undefined {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      // Lenient like browsers: a truncated stream yields what was decoded instead of failing.
      return createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH });
    case 'deflate':
      return new InflateAuto();
    case 'br':
      return createBrotliDecompress({
        flush: constants.BROTLI_OPERATION_FLUSH,
        finishFlush: constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return undefined;
  }
}
