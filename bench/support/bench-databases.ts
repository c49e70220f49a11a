import pg from 'pg';

/**
 * Databases of the postgres and replicas parts, on the server named by --pg-url (its maintenance
 * database): each case gets a fresh one (a copy of a seeded one: CREATE DATABASE ... TEMPLATE,
 * the PostgreSQL twin of copying the seeded SQLite file), dropped after it.
 */
export interface BenchDatabases {
  /** The URL of database `name` on the server. */
  urlOf(name: string): string;
  /** Creates `name` (empty, or a copy of `template`, which must have no connection left). */
  create(name: string, template?: string): Promise<string>;
  drop(name: string): Promise<void>;
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** @throws Error saying what to start when the server cannot be reached. */
export async function connectBenchDatabases(serverUrl: string): Promise<BenchDatabases> {
  const onServer = async <T>(body: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new Error(
        `PostgreSQL is not reachable at ${redacted(serverUrl)} (${(error as Error).message}): start it with \`pg_ctlcluster 15 main start\` ` +
          '(or `docker run -d -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15`), or pass --pg-url=postgres://USER@HOST:PORT/DB of a server where this user may CREATE DATABASE',
        { cause: error },
      );
    }
    try {
      return await body(client);
    } finally {
      await client.end();
    }
  };
  await onServer((client) => client.query('SELECT 1'));
  const urlOf = (name: string): string => {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    urlOf,
    async create(name, template) {
      await onServer((client) => client.query(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`));
      return urlOf(name);
    },
    async drop(name) {
      await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
