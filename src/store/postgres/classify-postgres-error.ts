import type { StoreErrorKind } from '../../errors/store-error.js';

/**
 * The `StoreErrorKind` of an error thrown by node-postgres: its SQLSTATE (`code`) for a server error,
 * a Node error code for a connection that failed.
 */
export function classifyPostgresError(error: unknown): Extract<StoreErrorKind, 'corrupt' | 'unavailable' | 'postgres'> {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'XX001' || code === 'XX002') return 'corrupt'; // data_corrupted, index_corrupted
  if (
    code.startsWith('08') || // connection exception
    code.startsWith('28') || // invalid authorization (bad user or password)
    code.startsWith('53') || // insufficient resources: disk full, out of memory, too many connections
    code.startsWith('57P') || // operator intervention: admin shutdown, crash shutdown, cannot connect now
    code === '3D000' || // invalid catalog name: the database does not exist
    code === '25006' || // read-only transaction (a standby)
    /^E[A-Z]+$/.test(code) // ECONNREFUSED, ECONNRESET, ENOTFOUND, ETIMEDOUT...
  ) {
    return 'unavailable';
  }
  if (error instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(error.message)) return 'unavailable';
  return 'postgres';
}

/** `url` without its password (and without query parameters, which may carry one): safe to log. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return 'the configured PostgreSQL database (unparsable URL)';
  }
}
