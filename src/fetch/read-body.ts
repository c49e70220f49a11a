import type { Readable, Transform } from 'node:stream';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ReadBodyLimits {
  /** Cap on the decoded body; the stream is torn down as soon as it is exceeded. */
  readonly maxBytes: number;
  /** Aborting tears the stream down; the read rejects. */
  readonly signal: AbortSignal;
  /** The error to fail with when the cap is exceeded. */
  readonly tooLarge: () => Error;
}

/**
 * Pipe a response body through its decoders into memory, counting decoded bytes: a decompression
 * bomb stops at `maxBytes` (plus at most one decoder chunk) instead of being buffered whole.
 */
export async function readBody(
  source: Readable,
  decoders: readonly Transform[],
  limits: ReadBodyLimits,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > limits.maxBytes) {
        callback(limits.tooLarge());
        return;
      }
      chunks.push(chunk);
      callback();
    },
  });
  await pipeline([source, ...decoders, sink], { signal: limits.signal });
  return Buffer.concat(chunks, total);
}
