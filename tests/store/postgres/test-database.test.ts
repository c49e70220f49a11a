import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, DEFAULT_TEST_SERVER_URL, testServerUrl } from '../../helpers/test-database.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the test database helper', () => {
  it('uses VEILLE_TEST_DATABASE_URL, else the local server', () => {
    vi.stubEnv('VEILLE_TEST_DATABASE_URL', '');
    expect(testServerUrl()).toBe(DEFAULT_TEST_SERVER_URL);
    vi.stubEnv('VEILLE_TEST_DATABASE_URL', 'postgres://tester@db.example:6543/postgres');
    expect(testServerUrl()).toBe('postgres://tester@db.example:6543/postgres');
  });

  it('fails (never skips) with what to start when the server is unreachable, without the password', async () => {
    vi.stubEnv('VEILLE_TEST_DATABASE_URL', 'postgres://tester:s3cret@127.0.0.1:9/postgres');
    const error = (await createTestDatabase().catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(
      /^PostgreSQL is not reachable at postgres:\/\/tester:\*\*\*@127\.0\.0\.1:9\/postgres \(.+\): start it with `pg_ctlcluster 15 main start`/,
    );
    expect(error.message).toContain('or set VEILLE_TEST_DATABASE_URL');
    expect(error.message).not.toContain('s3cret');
  });

  it('creates a fresh database and drops it', async () => {
    const database = await createTestDatabase();
    expect(database.name).toMatch(new RegExp(`^veille_t_${process.pid}_[0-9a-f]{8}$`));
    const exists = async () => {
      const client = new pg.Client({ connectionString: testServerUrl() });
      await client.connect();
      try {
        return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name])).rowCount;
      } finally {
        await client.end();
      }
    };
    expect(await exists()).toBe(1);
    await database.drop();
    expect(await exists()).toBe(0);
  });
});
