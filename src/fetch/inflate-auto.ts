import { Transform, type TransformCallback } from 'node:stream';
import { constants, createInflate, createInflateRaw, type Inflate, type InflateRaw, type ZlibOptions } from 'node:zlib';

/** Lenient like browsers: a truncated stream yields what was decoded instead of failing. */
const LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH } as const;

/**
 * `Content-Encoding: deflate` decoder that accepts both what RFC 9110 means (zlib-wrapped, RFC 1950)
 * and what many servers actually send (raw deflate, RFC 1951), picked from the first two bytes.
 * Each input chunk is fully inflated before the next is accepted, so output follows input pace.
 */
export class InflateAuto extends Transform {
  readonly #options: ZlibOptions;
  #inner: Inflate | InflateRaw | undefined;
  #head: Buffer[] = [];
  #headLength = 0;

  /** `options` go to the inner inflate stream (default: lenient flushing). */
  constructor(options: ZlibOptions = LENIENT) {
    super();
    this.#options = options;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner !== undefined) {
      this.#write(this.#inner, chunk, callback);
      return;
    }
    this.#head.push(chunk);
    this.#headLength += chunk.length;
    if (this.#headLength < 2) {
      callback();
      return;
    }
    const head = Buffer.concat(this.#head);
    this.#head = [];
    this.#write(this.#start(head), head, callback);
  }

  override _flush(callback: TransformCallback): void {
    let inner = this.#inner;
    if (inner === undefined) {
      if (this.#headLength === 0) {
        callback();
        return;
      }
      const head = Buffer.concat(this.#head);
      inner = this.#start(head);
      inner.write(head);
    }
    inner.once('end', () => callback());
    inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(error);
  }

  #start(head: Buffer): Inflate | InflateRaw {
    const inner = looksLikeZlib(head) ? createInflate(this.#options) : createInflateRaw(this.#options);
    inner.on('data', (data: Buffer) => this.push(data));
    inner.on('error', (error) => this.destroy(error));
    this.#inner = inner;
    return inner;
  }

  #write(inner: Inflate | InflateRaw, chunk: Buffer, callback: TransformCallback): void {
    inner.write(chunk, (error) => {
      if (error === null || error === undefined) callback();
      else this.destroy(error);
    });
  }
}

/** RFC 1950 header: CM = 8 (deflate), CINFO <= 7, and (CMF * 256 + FLG) divisible by 31. */
export function looksLikeZlib(head: Buffer): boolean {
  const cmf = head[0];
  const flg = head[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0;
}
