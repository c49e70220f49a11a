/**
 * Why the state store failed:
 * - `corrupt`: the state file is not a SQLite database, or failed its integrity check (or PostgreSQL
 *   reports corrupted data);
 * - `unavailable`: the state file cannot be created, opened or written (path, permissions, disk), or
 *   the PostgreSQL server cannot be reached, refuses the login, or is out of resources;
 * - `newer-schema`: the file was written by a newer veille, whose schema this one does not know;
 * - `invalid-input`: a caller passed a value the store refuses (bad timestamp, unknown outbox id...);
 * - `closed`: the store was used after `close()`;
 * - `sqlite` / `postgres`: any other error of that engine during an operation.
 */
export type StoreErrorKind = 'corrupt' | 'unavailable' | 'newer-schema' | 'invalid-input' | 'closed' | 'sqlite' | 'postgres';

/** The store engine: the embedded SQLite file, or a PostgreSQL database. */
export type StoreEngine = 'sqlite' | 'postgres';

export interface StoreErrorContext {
  readonly engine: StoreEngine;
  /** Path of the state file, or the database URL without its password. */
  readonly path: string;
  /** Store operation that failed: `open`, `migrate`, or a `Store` method name. */
  readonly operation: string;
  readonly kind: StoreErrorKind;
}

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly engine: StoreEngine;
  readonly path: string;
  readonly operation: string;
  readonly kind: StoreErrorKind;

  constructor(message: string, context: StoreErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.engine = context.engine;
    this.path = context.path;
    this.operation = context.operation;
    this.kind = context.kind;
  }
}
