import type { StoreErrorKind } from '../../errors/store-error.js';

/** The `StoreErrorKind` of an error thrown by better-sqlite3 (or by the file system around it). */
export function classifySqliteError(error: unknown): Extract<StoreErrorKind, 'corrupt' | 'unavailable' | 'sqlite'> {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) return 'corrupt';
  if (
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_FULL') ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_AUTH') ||
    /^E[A-Z]+$/.test(code) // Node fs errors: EACCES, ENOTDIR, EROFS, ENOSPC...
  ) {
    return 'unavailable';
  }
  return 'sqlite';
}
