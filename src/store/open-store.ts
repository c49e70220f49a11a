import type { PostgresStoreOptions } from './postgres/postgres-store.js';
import { redactDatabaseUrl } from './postgres/classify-postgres-error.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

/** Which engine holds the state, and where. */
export type StoreChoice = { readonly engine: 'sqlite'; readonly path: string } | { readonly engine: 'postgres'; readonly url: string };

/** Whether `value` names a PostgreSQL database (`postgres://` or `postgresql://`). */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(value);
}

/**
 * PostgreSQL when a database URL is given (`VEILLE_DATABASE_URL`, else `settings.database`),
 * otherwise the SQLite file at `dbPath` (`VEILLE_DB`).
 */
export function chooseStore(dbPath: string, databaseUrl: string | undefined): StoreChoice {
  return databaseUrl === undefined ? { engine: 'sqlite', path: dbPath } : { engine: 'postgres', url: databaseUrl };
}

/** Where the state is, safe to log: the file path, or the database URL without its password. */
export function describeStore(choice: StoreChoice): string {
  return choice.engine === 'sqlite' ? choice.path : redactDatabaseUrl(choice.url);
}

/** Opens (and migrates) the chosen store. @throws StoreError */
export async function openStore(choice: StoreChoice, options: PostgresStoreOptions = {}): Promise<Store> {
  if (choice.engine === 'sqlite') return openSqliteStore(choice.path, options.now === undefined ? {} : { now: options.now });
  // Loaded only when chosen: the default (SQLite) never pays for the PostgreSQL driver.
  const { openPostgresStore } = await import('./postgres/postgres-store.js');
  return openPostgresStore(choice.url, options);
}
