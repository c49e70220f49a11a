import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/**
 * PostgreSQL for tests: a fresh database per test file (or per call), on the server named by
 * `VEILLE_TEST_DATABASE_URL` (default: the local server, user postgres, trust auth), dropped at the
 * end. When the server cannot be reached the test FAILS with what to start: it never skips.
 */
export const DEFAULT_TEST_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function testServerUrl(): string {
  const value = process.env['VEILLE_TEST_DATABASE_URL']?.trim();
  return value === undefined || value === '' ? DEFAULT_TEST_SERVER_URL : value;
}

export interface TestDatabase {
  readonly name: string;
  /** The URL of the new database (same server, user and options as the server URL). */
  readonly url: string;
  /** The URL of the database with `search_path` set to `schema` (created on first use by `freshSchema`). */
  schemaUrl(schema: string): string;
  /** A new, empty schema in the database; returns a URL whose connections use it. */
  freshSchema(): Promise<string>;
  /** Drops the database (closing any connection left open to it). */
  drop(): Promise<void>;
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Runs `body` on a connection to the server's maintenance database; a clear error when it cannot connect. */
async function onServer<T>(body: (client: pg.Client) => Promise<T>): Promise<T> {
  const server = testServerUrl();
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL is not reachable at ${withoutPassword(server)} (${(error as Error).message}): ` +
        'start it with `pg_ctlcluster 15 main start` (or `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15`), ' +
        'or set VEILLE_TEST_DATABASE_URL to a server where this user may CREATE DATABASE',
      { cause: error },
    );
  }
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** Creates `veille_t_<pid>_<random>` on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `veille_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  const schemaUrl = (schema: string): string => {
    const withSchema = new URL(url);
    withSchema.searchParams.set('options', `-c search_path=${schema}`);
    return withSchema.toString();
  };
  let schemas = 0;
  return {
    name,
    url: url.toString(),
    schemaUrl,
    async freshSchema() {
      schemas += 1;
      const schema = `s${schemas}_${randomBytes(3).toString('hex')}`;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema}`);
      } finally {
        await client.end();
      }
      return schemaUrl(schema);
    },
    async drop() {
      await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** One test database for the calling file: created before its tests, dropped after them. */
export function useTestDatabase(): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  return () => {
    if (database === undefined) throw new Error('useTestDatabase(): the database is created in beforeAll; call the accessor inside a test');
    return database;
  };
}
