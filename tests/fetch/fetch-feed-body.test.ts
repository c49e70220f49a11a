import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  brotliCompressSync,
  constants,
  createBrotliCompress,
  createDeflateRaw,
  createGzip,
  deflateRawSync,
  deflateSync,
  gzipSync,
} from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { fetchError, fetchOptions, sha256 } from './helpers/fetch-helpers.js';
import { serveInPieces, startServer, type TestServer } from './helpers/test-server.js';

const FEED = Buffer.from(
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Compressed</title>${'<item><title>x</title></item>'.repeat(200)}</channel></rss>`,
);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An endless stream of zeros (the payload of a decompression bomb). */
function endlessZeros(): Readable {
  const chunk = Buffer.alloc(64 * 1024);
  return new Readable({
    read() {
      this.push(chunk);
    },
  });
}

function serveBomb(encoding: string, compressor: () => NodeJS.ReadWriteStream): Promise<TestServer> {
  return startServer((_req, res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': encoding });
    pipeline(endlessZeros(), compressor(), res).catch(() => undefined);
  });
}

describe('fetchFeed: content decoding', () => {
  it.each<[string, string, (input: Buffer) => Buffer]>([
    ['gzip', 'gzip', (input) => gzipSync(input)],
    ['x-gzip', 'x-gzip', (input) => gzipSync(input)],
    ['deflate (zlib-wrapped, RFC 1950)', 'deflate', (input) => deflateSync(input)],
    ['deflate (raw, RFC 1951)', 'deflate', (input) => deflateRawSync(input)],
    ['br', 'br', (input) => brotliCompressSync(input)],
    ['identity', 'identity', (input) => input],
    ['upper-case GZIP', 'GZIP', (input) => gzipSync(input)],
    ['deflate then gzip', 'deflate, gzip', (input) => gzipSync(deflateSync(input))],
    ['gzip then br', 'gzip, br', (input) => brotliCompressSync(gzipSync(input))],
  ])('decodes %s, and hashes the bytes as received', async (_name, header, encode) => {
    const encoded = encode(FEED);
    server = await serveInPieces(encoded, { 'Content-Encoding': header });

    const result = await fetchFeed({ url: `${server.origin}/feed` }, fetchOptions());

    expect(result.kind).toBe('ok');
    expect(result.kind === 'ok' ? result.body.equals(FEED) : false).toBe(true);
    expect(result.kind === 'ok' ? result.bodyHash : result.kind).toBe(sha256(encoded));
  });

  it('returns a tiny raw-deflate body (shorter than a zlib header)', async () => {
    const tiny = Buffer.from('a');
    server = await serveInPieces(deflateRawSync(tiny), { 'Content-Encoding': 'deflate' });

    const result = await fetchFeed({ url: `${server.origin}/feed` }, fetchOptions());

    expect(result.kind === 'ok' ? result.body.toString() : result.kind).toBe('a');
  });

  it.each(['gzip', 'deflate', 'br'])('returns an empty %s-encoded body as empty', async (encoding) => {
    server = await serveInPieces(Buffer.alloc(0), { 'Content-Encoding': encoding });

    const result = await fetchFeed({ url: `${server.origin}/feed` }, fetchOptions());

    expect(result.kind === 'ok' ? result.body : result.kind).toEqual(Buffer.alloc(0));
  });

  it('fails with kind encoding on a corrupt gzip body', async () => {
    server = await serveInPieces(Buffer.from('this is not gzip at all'), { 'Content-Encoding': 'gzip' });
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('encoding');
    expect(error.url).toBe(url);
    expect(error.message).toBe(`cannot decode the body of ${url}: incorrect header check (Z_DATA_ERROR)`);
  });

  it('fails with kind encoding on an unsupported Content-Encoding', async () => {
    server = await serveInPieces(FEED, { 'Content-Encoding': 'compress' });
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions()));

    expect(error.kind).toBe('encoding');
    expect(error.message).toBe(`body of ${url} has unsupported Content-Encoding compress`);
  });
});

describe('fetchFeed: body size cap', () => {
  it('accepts a body of exactly maxBodyBytes', async () => {
    server = await serveInPieces(FEED, {});

    const result = await fetchFeed({ url: `${server.origin}/feed` }, fetchOptions({ maxBodyBytes: FEED.length }));

    expect(result.kind === 'ok' ? result.body.length : result.kind).toBe(FEED.length);
  });

  it('fails with too-large on a chunked body one byte over the cap', async () => {
    server = await serveInPieces(FEED, {});
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ maxBodyBytes: FEED.length - 1 })));

    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`body of ${url} is too large: more than ${String(FEED.length - 1)} bytes`);
    expect(await server.socketsState()).toBe('closed');
  });

  it('fails with too-large up front when an uncompressed Content-Length exceeds the cap', async () => {
    // Announces 2 MiB, sends 10 bytes, then stalls: only an up-front check fails with too-large.
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(2 * 1024 * 1024) });
      res.write('0123456789');
    });
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ maxBodyBytes: 1024 * 1024 })));

    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`body of ${url} is too large: Content-Length 2097152 exceeds the 1048576-byte cap`);
    expect(await server.socketsState()).toBe('closed');
  });

  it('counts the decompressed size: a small gzip body over the cap after decompression fails', async () => {
    const big = Buffer.alloc(300_000, 'a');
    const compressed = gzipSync(big);
    expect(compressed.length).toBeLessThan(100_000);
    server = await serveInPieces(compressed, { 'Content-Encoding': 'gzip', 'Content-Length': String(compressed.length) });
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ maxBodyBytes: 200_000 })));

    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`body of ${url} is too large: more than 200000 bytes after decompression`);
  });

  it.each<[string, () => NodeJS.ReadWriteStream]>([
    ['gzip', () => createGzip({ level: 1 })],
    ['deflate', () => createDeflateRaw({ level: 1 })],
    ['br', () => createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })],
  ])('stops an endless %s bomb at the cap and closes the connection', async (encoding, compressor) => {
    server = await serveBomb(encoding, compressor);
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ maxBodyBytes: 1024 * 1024, totalTimeoutMs: 20_000 })));

    expect(error.kind).toBe('too-large');
    expect(error.message).toBe(`body of ${url} is too large: more than 1048576 bytes after decompression`);
    expect(await server.socketsState()).toBe('closed');
  });
});
