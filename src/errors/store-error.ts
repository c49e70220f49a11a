/**
 * Why the state store failed:
 * - `corrupt`: the state file is not a SQLite database, or failed its integrity check;
 * - `unavailable`: the state file cannot be created, opened or written (path, permissions, disk);
 * - `newer-schema`: the file was written by a newer veille, whose schema this one does not know;
 * - `invalid-input`: a caller passed a value the store refuses (bad timestamp, unknown outbox id...);
 * - `closed`: the store was used after `close()`;
 * - `sqlite`: any other SQLite error during an operation.
 */
export type StoreErrorKind = 'corrupt' | 'unavailable' | 'newer-schema' | 'invalid-input' | 'closed' | 'sqlite';

export interface StoreErrorContext {
  /** Path of the state file. */
  readonly path: string;
  /** Store operation that failed: `open`, `migrate`, or a `Store` method name. */
  readonly operation: string;
  readonly kind: StoreErrorKind;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly path: string;
  readonly operation: string;
  readonly kind: StoreErrorKind;

  constructor(message: string, context: StoreErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.path = context.path;
    this.operation = context.operation;
    this.kind = context.kind;
  }
}
