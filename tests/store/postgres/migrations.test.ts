import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors/store-error.js';
import { POSTGRES_MIGRATIONS, migratePostgres } from '../../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../../src/store/postgres/postgres-store.js';
import { testServerUrl, useTestDatabase } from '../../helpers/test-database.js';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL schema migrations', () => {
  const database = useTestDatabase();

  it('replicas opening a fresh database at once: one applies each migration, all open it', async () => {
    const url = await database().freshSchema();
    const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore(url, { now: () => new Date('2025-03-01T10:00:00.000Z') })));
    try {
      await Promise.all(stores.map((store) => store.listSources()));
      const applied = await query<{ version: number; description: string; applied_at: Date }>(url, 'SELECT version, description, applied_at FROM veille_schema_migrations ORDER BY version');
      expect(applied.map(({ version, description, applied_at }) => ({ version, description, at: applied_at.toISOString() }))).toEqual(
        POSTGRES_MIGRATIONS.map(({ version, description }) => ({ version, description, at: '2025-03-01T10:00:00.000Z' })),
      );
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('opening a database again applies nothing and keeps its state', async () => {
    const url = await database().freshSchema();
    const first = await openPostgresStore(url);
    await first.recordUnchanged('lwn', 'https://lwn.example/feed.xml', '2025-03-01T10:00:00.000Z', { etag: '"e"' });
    await first.close();
    const second = await openPostgresStore(url);
    try {
      expect((await second.getSource('lwn'))?.validators).toEqual({ etag: '"e"' });
      expect(await query(url, 'SELECT count(*)::integer AS n FROM veille_schema_migrations')).toEqual([{ n: POSTGRES_MIGRATIONS.length }]);
    } finally {
      await second.close();
    }
  });

  it('refuses a database written by a newer veille, with a clear StoreError', async () => {
    const url = await database().freshSchema();
    await (await openPostgresStore(url)).close();
    const newer = POSTGRES_MIGRATIONS.length + 1;
    await query(url, `INSERT INTO veille_schema_migrations (version, description, applied_at) VALUES (${newer}, 'from the future', now())`);

    const error = await openPostgresStore(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      engine: 'postgres',
      kind: 'newer-schema',
      operation: 'migrate',
      message: `database ${database().url} has schema version ${newer}, but this veille only knows versions up to ${POSTGRES_MIGRATIONS.length}: it was written by a newer veille; upgrade veille, or point it at another database`,
    });
  });

  it('migration 8 drops the unused story_key index of seen_items from an existing database, keeping every row', async () => {
    const url = await database().freshSchema();
    const pool = new pg.Pool({ connectionString: url });
    const client = await pool.connect();
    try {
      expect(await migratePostgres(client, 'the test database', () => new Date(), POSTGRES_MIGRATIONS.slice(0, 7))).toBe(7);
      await client.query("INSERT INTO sources (name, url, seeded) VALUES ('a', 'https://a.example/feed', true)");
      await client.query("INSERT INTO seen_items (source, item_id, story_key, first_seen_at) VALUES ('a', 'one', 'https://a.example/1', now()), ('a', 'two', 'https://a.example/2', now())");
      expect((await client.query("SELECT to_regclass('seen_items_story_key') IS NOT NULL AS present")).rows).toEqual([{ present: true }]);
    } finally {
      client.release();
      await pool.end();
    }
    const store = await openPostgresStore(url);
    try {
      expect([...(await store.unseenItemIds('a', ['one', 'two', 'three']))]).toEqual(['three']);
    } finally {
      await store.close();
    }
    expect(await query(url, "SELECT to_regclass('seen_items_story_key') IS NOT NULL AS present")).toEqual([{ present: false }]);
    expect(await query(url, 'SELECT item_id, story_key FROM seen_items ORDER BY item_id')).toEqual([
      { item_id: 'one', story_key: 'https://a.example/1' },
      { item_id: 'two', story_key: 'https://a.example/2' },
    ]);
    expect(await query(url, 'SELECT max(version) AS v FROM veille_schema_migrations')).toEqual([{ v: 8 }]);
  });

  it('a failed migration is rolled back and named; the database stays at the previous version', async () => {
    const url = await database().freshSchema();
    const broken = [...POSTGRES_MIGRATIONS, { version: POSTGRES_MIGRATIONS.length + 1, description: 'broken step', sql: 'CREATE TABLE extra (id integer); SELECT no_such_function()' }];
    const pool = new pg.Pool({ connectionString: url });
    const client = await pool.connect();
    try {
      await expect(migratePostgres(client, 'the test database', () => new Date(), broken)).rejects.toMatchObject({
        name: 'StoreError',
        engine: 'postgres',
        operation: 'migrate',
        kind: 'postgres',
        message: expect.stringMatching(
          new RegExp(`^cannot migrate database the test database to schema version ${broken.length} \\(broken step\\): .*no_such_function.*; the database was left at version ${broken.length - 1}$`),
        ) as unknown,
      });
      expect((await client.query('SELECT max(version) AS v FROM veille_schema_migrations')).rows).toEqual([{ v: POSTGRES_MIGRATIONS.length }]);
      expect((await client.query("SELECT to_regclass('extra') AS t")).rows).toEqual([{ t: null }]);
    } finally {
      client.release();
      await pool.end();
    }
  });
});

describe('opening a PostgreSQL store that cannot be reached', () => {
  it('fails with an unavailable StoreError that names the server, never the password', async () => {
    // A port nothing listens on (the discard port): refused at once.
    const url = 'postgres://veille:s3cret-pw@127.0.0.1:9/veille';
    const error = await openPostgresStore(url, { connectTimeoutMs: 2_000 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'StoreError', engine: 'postgres', operation: 'open', kind: 'unavailable', path: 'postgres://veille:***@127.0.0.1:9/veille' });
    expect((error as Error).message).toMatch(/^cannot connect to PostgreSQL at postgres:\/\/veille:\*\*\*@127\.0\.0\.1:9\/veille: /);
    expect(JSON.stringify({ message: (error as Error).message, path: (error as StoreError).path })).not.toContain('s3cret-pw');
  });

  it('a database that does not exist is unavailable too', async () => {
    const url = new URL(testServerUrl());
    url.pathname = '/veille_no_such_database';
    await expect(openPostgresStore(url.toString())).rejects.toMatchObject({ engine: 'postgres', operation: 'open', kind: 'unavailable' });
  });
});
