import { createContentDecoders } from './content-decoders.js';

/** A body being decoded as it is received. */
export interface StreamingDecode {
  /** false: stop sending until `onDrain`. */
  write(chunk: Buffer): boolean;
  onDrain(resume: () => void): void;
  /** All input sent: resolves with the decoded body. */
  end(): Promise<Buffer>;
  destroy(): void;
}

/**
 * Decode a body through its decoder streams as the bytes arrive, counting decoded bytes: a
 * decompression bomb fails with `tooLarge()` once past `maxBytes` (plus at most one decoder chunk)
 * instead of being buffered whole. Decoder errors (and the cap) go to `fail`.
 */
export function startStreamingDecode(
  codings: readonly string[],
  maxBytes: number,
  tooLarge: () => Error,
  fail: (error: unknown) => void,
): StreamingDecode {
  const decoders = createContentDecoders(codings);
  const [first] = decoders;
  const last = decoders.at(-1);
  if (first === undefined || last === undefined) throw new Error('startStreamingDecode: no content coding to undo');
  for (const [index, decoder] of decoders.entries()) {
    decoder.on('error', fail);
    const next = decoders[index + 1];
    if (next !== undefined) decoder.pipe(next);
  }
  const chunks: Buffer[] = [];
  let decoded = 0;
  let failed = false;
  last.on('data', (chunk: Buffer) => {
    decoded += chunk.length;
    if (failed) return;
    if (decoded <= maxBytes) {
      chunks.push(chunk);
      return;
    }
    failed = true;
    fail(tooLarge());
  });
  const done = new Promise<Buffer>((resolve) => {
    last.once('end', () => resolve(Buffer.concat(chunks, decoded)));
  });
  return {
    write: (chunk) => first.write(chunk),
    onDrain: (resume) => first.once('drain', resume),
    end: () => {
      first.end();
      return done;
    },
    destroy: () => {
      for (const decoder of decoders) decoder.destroy();
    },
  };
}
