import type { IncomingMessage } from 'node:http';
import { startStreamingDecode, type StreamingDecode } from './streaming-decode.js';

export interface BodyLimits {
  /** Cap on the bytes received, and on the bytes once decoded. */
  readonly maxBytes: number;
  /** Content codings of the body (supported ones only), in the order they were applied. */
  readonly codings: readonly string[];
  /** The error for a body over the cap; `decoded`: it was exceeded once decompressed. */
  readonly tooLarge: (decoded: boolean) => Error;
}

/**
 * Read a response body into memory, a compressed one decoded as it arrives, so that a
 * decompression bomb stops at the cap however long the server keeps sending. No more than
 * `maxBytes` are received or decoded.
 */
export function readBody(response: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
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
    const succeed = (body: Buffer): void => {
      settled = true;
      resolve(body);
    };
    const decoding: StreamingDecode | undefined =
      limits.codings.length > 0 ? startStreamingDecode(limits.codings, limits.maxBytes, () => limits.tooLarge(true), fail) : undefined;

    response.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > limits.maxBytes) {
        fail(limits.tooLarge(false));
        return;
      }
      if (decoding === undefined) chunks.push(chunk);
      else if (!decoding.write(chunk)) {
        response.pause();
        decoding.onDrain(() => response.resume());
      }
    });
    response.once('end', () => {
      ended = true;
      if (settled) return;
      if (decoding !== undefined) decoding.end().then(succeed, fail);
      else succeed(Buffer.concat(chunks, received));
    });
    response.once('error', fail);
    response.once('close', () => {
      if (!ended) fail(prematureClose());
    });
  });
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
