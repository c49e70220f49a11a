import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { chooseStore, describeStore } from '../../../src/store/open-store.js';
import { writeConfigDir } from '../../helpers/config-dir.js';
import { useFeedServer } from '../../helpers/feed-server.js';
import { rss } from '../../helpers/rss.js';
import { runCliInProcess } from '../../helpers/run-cli.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { useTestDatabase } from '../../helpers/test-database.js';

const tempDir = useTempDirs();
const server = useFeedServer();
const database = useTestDatabase();

async function sourceNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>('SELECT name FROM sources ORDER BY name')).rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe('selecting the store', () => {
  it.each([
    { by: 'VEILLE_DATABASE_URL', extra: undefined, env: (url: string) => ({ VEILLE_DATABASE_URL: url }) },
    { by: 'settings.database (a ${VAR} reference)', extra: 'settings:\n  database: ${PG_URL}\n', env: (url: string) => ({ PG_URL: url }) },
  ])('$by selects PostgreSQL: `once` reads and records there, and creates no state file', async ({ extra, env }) => {
    const root = await tempDir();
    server.set('/a.xml', { body: rss('A', [{ title: 'Un article', link: 'https://news.example/1' }]) });
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }], ...(extra === undefined ? {} : { extra }) });
    const url = await database().freshSchema();
    const dbPath = join(root, 'state', 'veille.db');

    const result = await runCliInProcess(['once', '--config', dir, '--json'], { env: { VEILLE_DB: dbPath, ...env(url) } });

    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ sources: 1, seeded: 1, newItems: 1 });
    expect(await sourceNames(url)).toEqual(['A']);
    expect(existsSync(dbPath)).toBe(false);

    const sources = await runCliInProcess(['sources', '--config', dir, '--json'], { env: { VEILLE_DB: dbPath, ...env(url) } });
    expect(sources.code).toBe(0);
    expect(JSON.parse(sources.stdout)).toMatchObject([{ name: 'A', status: 'ok' }]);
  });

  it('settings.database that is not a postgres:// URL is a config error (exit 2) that does not echo it', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: 'https://a.example/feed.xml' }], extra: 'settings:\n  database: mysql://veille:s3cret@db/veille\n' });
    const result = await runCliInProcess(['check', '--config', dir], { env: { VEILLE_DB: join(root, 'veille.db') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('extra.yaml:2: settings.database: expected a postgres:// URL, best as a ${VAR} reference (the URL holds the password)');
    expect(result.stderr).not.toContain('s3cret');
  });

  it('an unreachable database: exit 1, the server named without its password', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: 'https://a.example/feed.xml' }] });
    const result = await runCliInProcess(['once', '--config', dir], { env: { VEILLE_DB: join(root, 'veille.db'), VEILLE_DATABASE_URL: 'postgres://veille:s3cret@127.0.0.1:9/veille' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot connect to PostgreSQL at postgres://veille:***@127.0.0.1:9/veille');
    expect(result.stderr).not.toContain('s3cret');
  });

  it.each([
    { dbPath: 'data/veille.db', url: undefined, choice: { engine: 'sqlite', path: 'data/veille.db' }, shown: 'data/veille.db' },
    {
      dbPath: 'data/veille.db',
      url: 'postgres://veille:pw@db:5432/veille?sslmode=require',
      choice: { engine: 'postgres', url: 'postgres://veille:pw@db:5432/veille?sslmode=require' },
      shown: 'postgres://veille:***@db:5432/veille',
    },
  ])('chooseStore($dbPath, $url) is $choice.engine, shown as $shown', ({ dbPath, url, choice, shown }) => {
    expect(chooseStore(dbPath, url)).toEqual(choice);
    expect(describeStore(chooseStore(dbPath, url))).toBe(shown);
  });
});
