import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { fetchError, fetchOptions, sha256 } from './helpers/fetch-helpers.js';
import { serveInPieces, startServer, type TestServer } from './helpers/test-server.js';

// Every decompression veille can start, counted (and still done by the real zlib).
vi.mock('node:zlib', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:zlib')>();
  return {
    ...actual,
    createGunzip: vi.fn(actual.createGunzip),
    createInflate: vi.fn(actual.createInflate),
    createInflateRaw: vi.fn(actual.createInflateRaw),
    createBrotliDecompress: vi.fn(actual.createBrotliDecompress),
    gunzipSync: vi.fn(actual.gunzipSync),
    inflateSync: vi.fn(actual.inflateSync),
    inflateRawSync: vi.fn(actual.inflateRawSync),
    brotliDecompressSync: vi.fn(actual.brotliDecompressSync),
  };
});

const STREAMING = ['createGunzip', 'createInflate', 'createInflateRaw', 'createBrotliDecompress'] as const;
const WHOLE = ['gunzipSync', 'inflateSync', 'inflateRawSync', 'brotliDecompressSync'] as const;

/** How many times each decompressor was started since the last reset. */
function decompressions(): Record<string, number> {
  return Object.fromEntries(
    [...STREAMING, ...WHOLE]
      .map((name) => [name, vi.mocked(zlib[name]).mock.calls.length] as const)
      .filter(([, calls]) => calls > 0),
  );
}

const FEED = Buffer.from(
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Same</title>${'<item><title>x</title></item>'.repeat(200)}</channel></rss>`,
);
const GZIPPED = zlib.gzipSync(FEED);
const ETAG = '"v1"';

let server: TestServer | undefined;
beforeEach(() => {
  vi.clearAllMocks();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fetchFeed: previousBodyHash', () => {
  it('hashes the gzip bytes as received, then reports the same bytes as same-body without decompressing them', async () => {
    server = await serveInPieces(GZIPPED, { 'Content-Encoding': 'gzip', ETag: ETAG });
    const url = `${server.origin}/feed`;

    const first = await fetchFeed({ url }, fetchOptions());
    expect(first.kind === 'ok' ? [first.body.equals(FEED), first.bodyHash] : first.kind).toEqual([true, sha256(GZIPPED)]);
    expect(decompressions()).toEqual({ createGunzip: 1 });
    vi.clearAllMocks();

    const second = await fetchFeed({ url, previousBodyHash: sha256(GZIPPED) }, fetchOptions());

    expect(second).toEqual({ kind: 'same-body', finalUrl: url, bodyHash: sha256(GZIPPED), etag: ETAG });
    expect(decompressions()).toEqual({});
  });

  it.each<[string, string | undefined, Buffer]>([
    ['deflate', 'deflate', zlib.deflateSync(FEED)],
    ['br', 'br', zlib.brotliCompressSync(FEED)],
    ['identity', undefined, FEED],
  ])('reports the same %s bytes as same-body', async (_name, encoding, bytes) => {
    server = await serveInPieces(bytes, encoding === undefined ? {} : { 'Content-Encoding': encoding });
    const url = `${server.origin}/feed`;

    const result = await fetchFeed({ url, previousBodyHash: sha256(bytes) }, fetchOptions());

    expect(result).toEqual({ kind: 'same-body', finalUrl: url, bodyHash: sha256(bytes) });
    expect(decompressions()).toEqual({});
  });

  it('reports same-body even for bytes that would not decompress: they are only compared', async () => {
    const corrupt = Buffer.from('this is not gzip at all');
    server = await serveInPieces(corrupt, { 'Content-Encoding': 'gzip' });
    const url = `${server.origin}/feed`;

    const result = await fetchFeed({ url, previousBodyHash: sha256(corrupt) }, fetchOptions());

    expect(result).toEqual({ kind: 'same-body', finalUrl: url, bodyHash: sha256(corrupt) });
  });

  it('decompresses a changed gzip body once, in one go, and returns its new hash', async () => {
    server = await serveInPieces(GZIPPED, { 'Content-Encoding': 'gzip', ETag: ETAG });
    const url = `${server.origin}/feed`;

    const result = await fetchFeed({ url, previousBodyHash: sha256('the previous body') }, fetchOptions());

    expect(result).toEqual({
      kind: 'ok',
      finalUrl: url,
      status: 200,
      body: FEED,
      bodyHash: sha256(GZIPPED),
      contentType: 'application/rss+xml',
      etag: ETAG,
    });
    expect(decompressions()).toEqual({ gunzipSync: 1 });
  });

  it('caps a changed gzip body after decompression', async () => {
    const compressed = zlib.gzipSync(Buffer.alloc(300_000, 'a'));
    server = await serveInPieces(compressed, { 'Content-Encoding': 'gzip' });
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url, previousBodyHash: sha256('before') }, fetchOptions({ maxBodyBytes: 200_000 })));

    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`body of ${url} is too large: more than 200000 bytes after decompression`);
  });

  it('fails with kind encoding on a changed corrupt gzip body', async () => {
    const corrupt = Buffer.from('this is not gzip at all');
    server = await serveInPieces(corrupt, { 'Content-Encoding': 'gzip' });
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url, previousBodyHash: sha256('before') }, fetchOptions()));

    expect(error.kind).toBe('encoding');
    expect(error.message).toBe(`cannot decode the body of ${url}: incorrect header check (Z_DATA_ERROR)`);
  });

  it('holds no more than the cap of an endless compressed body while it waits to compare, and closes the connection', async () => {
    const zeros = Buffer.alloc(64 * 1024);
    server = await startServer((_req, res: ServerResponse) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' });
      const endless = new Readable({ read: () => void endless.push(zeros) });
      pipeline(endless, zlib.createGzip({ level: 0 }), res).catch(() => undefined);
    });
    vi.clearAllMocks();
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url, previousBodyHash: sha256('before') }, fetchOptions({ maxBodyBytes: 256 * 1024 })));

    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`body of ${url} is too large: more than 262144 bytes`);
    expect(decompressions()).toEqual({});
    expect(await server.socketsState()).toBe('closed');
  });
});
