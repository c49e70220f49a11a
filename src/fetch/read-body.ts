import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { decodeBuffer } from './content-decoders.js';
import { startStreamingDecode, type StreamingDecode } from './streaming-decode.js';

export interface BodyLimits {
  /** Cap on the bytes received, and on the bytes once decoded. */
  readonly maxBytes: number;
  /** Content codings of the body (supported ones only), in the order they were applied. */
  readonly codings: readonly string[];
  /** sha256 (hex) of the bytes received last time, when the caller kept it. */
  readonly previousHash: string | undefined;
  /** The error for a body over the cap; `decoded`: it was exceeded once decompressed. */
  readonly tooLarge: (decoded: boolean) => Error;
}

/** `hash`: sha256 (hex) of the bytes as received (still compressed). */
export type BodyRead =
  | { readonly same: true; readonly hash: string }
  | { readonly same: false; readonly hash: string; readonly body: Buffer };

/**
 * Read a response body, hashing the bytes as they arrive, still compressed.
 *
 * - With a previous hash, the received bytes are held: when they hash the same, the body is
 *   neither concatenated nor decoded; otherwise it is decoded at the end, in one go.
 * - Without one (first read), a compressed body is decoded as it arrives, so a decompression bomb
 *   stops at the cap however long the server keeps sending.
 *
 * Either way, no more than `maxBytes` are received or decoded.
 */
export function readBody(response: IncomingMessage, limits: BodyLimits): Promise<BodyRead> {
  return new Promise<BodyRead>((resolve, reject) => {
    const hash = createHash('sha256');
    const held: Buffer[] = [];
    let received = 0;
    let ended = false;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      if (!ended) response.destroy();
      decoding?.destroy();
      reject(error);
    };
    const succeed = (read: BodyRead): void => {
      settled = true;
      resolve(read);
    };
    const decoding: StreamingDecode | undefined =
      limits.codings.length > 0 && limits.previousHash === undefined
        ? startStreamingDecode(limits.codings, limits.maxBytes, () => limits.tooLarge(true), fail)
        : undefined;

    response.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limits.maxBytes) {
        fail(limits.tooLarge(false));
        return;
      }
      hash.update(chunk);
      if (decoding === undefined) held.push(chunk);
      else if (!decoding.write(chunk)) {
        response.pause();
        decoding.onDrain(() => response.resume());
      }
    });
    response.once('end', () => {
      ended = true;
      if (settled) return;
      const digest = hash.digest('hex');
      if (decoding !== undefined) {
        decoding.end().then((body) => succeed({ same: false, hash: digest, body }), fail);
      } else if (digest === limits.previousHash) {
        succeed({ same: true, hash: digest });
      } else {
        try {
          succeed({ same: false, hash: digest, body: decodeHeld(held, received, limits) });
        } catch (error) {
          fail(error);
        }
      }
    });
    response.once('error', fail);
    response.once('close', () => {
      if (!ended) fail(prematureClose());
    });
  });
}

function decodeHeld(chunks: readonly Buffer[], length: number, limits: BodyLimits): Buffer {
  const [only] = chunks;
  const raw = chunks.length === 1 && only !== undefined ? only : Buffer.concat(chunks, length);
  if (limits.codings.length === 0) return raw;
  try {
    return decodeBuffer(raw, limits.codings, limits.maxBytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw limits.tooLarge(true);
    throw error;
  }
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
