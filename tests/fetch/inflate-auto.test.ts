import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InflateAuto } from '../../src/fetch/inflate-auto.js';

const TEXT = Buffer.from('<rss><channel><title>deflate</title></channel></rss>'.repeat(50));

async function inflate(chunks: readonly Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    new InflateAuto(),
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(out);
}

const oneByteChunks = (input: Buffer): Buffer[] => Array.from(input, (byte) => Buffer.from([byte]));

describe('InflateAuto', () => {
  it.each([
    ['zlib-wrapped, one chunk', [deflateSync(TEXT)]],
    ['raw, one chunk', [deflateRawSync(TEXT)]],
    ['zlib-wrapped, one byte per chunk', oneByteChunks(deflateSync(TEXT))],
    ['raw, one byte per chunk', oneByteChunks(deflateRawSync(TEXT))],
    ['zlib-wrapped at level 1 (other header)', [deflateSync(TEXT, { level: 1 })]],
    ['raw at level 9', [deflateRawSync(TEXT, { level: 9 })]],
  ])('inflates %s', async (_name, chunks) => {
    expect((await inflate(chunks)).equals(TEXT)).toBe(true);
  });

  it('inflates nothing to nothing', async () => {
    expect(await inflate([])).toEqual(Buffer.alloc(0));
  });

  it('fails on bytes that are not deflate', async () => {
    await expect(inflate([Buffer.from([0xff, 0xff, 0xff, 0xff])])).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
  });
});
