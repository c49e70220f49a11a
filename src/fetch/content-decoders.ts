import type { Transform } from 'node:stream';
import {
  brotliDecompressSync,
  constants,
  createBrotliDecompress,
  createGunzip,
  gunzipSync,
  inflateRawSync,
  inflateSync,
} from 'node:zlib';
import { InflateAuto, looksLikeZlib } from './inflate-auto.js';

/** Content codings veille can undo. */
const SUPPORTED = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** Larger than zlib's 16 KiB default: fewer round trips per body, same memory per byte. */
const CHUNK_SIZE = 64 * 1024;

/** Lenient like browsers: a truncated stream yields what was decoded instead of failing. */
const ZLIB = { chunkSize: CHUNK_SIZE, flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH } as const;
const BROTLI = {
  chunkSize: CHUNK_SIZE,
  flush: constants.BROTLI_OPERATION_FLUSH,
  finishFlush: constants.BROTLI_OPERATION_FLUSH,
} as const;

/** The content codings listed in a Content-Encoding header, `identity` left out. */
export function parseContentEncoding(header: string | undefined): readonly string[] {
  if (header === undefined) return [];
  return header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
}

/** The first coding veille cannot undo, if any. */
export function findUnsupportedCoding(codings: readonly string[]): string | undefined {
  return codings.find((coding) => !SUPPORTED.has(coding));
}

/**
 * Streams that undo supported codings, in the order the body must go through them (codings are
 * listed in the order they were applied, so they are undone last first).
 */
export function createContentDecoders(codings: readonly string[]): Transform[] {
  return [...codings].reverse().map(createDecoder);
}

/**
 * Undo supported codings of a whole body at once, synchronously (cheaper than streams when the
 * bytes are all there). Every stage stops past `maxBytes` of output: a bomb throws a RangeError
 * with code ERR_BUFFER_TOO_LARGE instead of being inflated whole.
 */
export function decodeBuffer(body: Buffer, codings: readonly string[], maxBytes: number): Buffer {
  let decoded = body;
  for (const coding of [...codings].reverse()) decoded = decodeWhole(coding, decoded, maxBytes);
  return decoded;
}

function createDecoder(coding: string): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip(ZLIB);
    case 'br':
      return createBrotliDecompress(BROTLI);
    case 'deflate':
      return new InflateAuto(ZLIB);
    default:
      throw new Error(`unsupported content coding ${coding}`);
  }
}

function decodeWhole(coding: string, input: Buffer, maxOutputLength: number): Buffer {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(input, { ...ZLIB, maxOutputLength });
    case 'br':
      return brotliDecompressSync(input, { ...BROTLI, maxOutputLength });
    case 'deflate':
      return (looksLikeZlib(input) ? inflateSync : inflateRawSync)(input, { ...ZLIB, maxOutputLength });
    default:
      throw new Error(`unsupported content coding ${coding}`);
  }
}
