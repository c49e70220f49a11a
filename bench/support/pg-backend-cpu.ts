import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Linux clock ticks per second (USER_HZ: 100 on every Linux build Node supports). */
const TICKS_PER_SECOND = 100;

/** user + system CPU ms of a process from /proc/<pid>/stat (undefined: gone, or not Linux). */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * The PostgreSQL server's own CPU for one database: the backends serving its connections (the
 * server runs on this machine, 127.0.0.1), read from /proc, 10 ms resolution per backend. The
 * probe's own backend is left out. A backend that appears during a round counts from zero; one
 * that exits during it is lost (the store's pool keeps its connections while cycles run).
 */
export class PgBackendCpu {
  readonly #client: pg.Client;
  readonly #database: string;

  private constructor(client: pg.Client, database: string) {
    this.#client = client;
    this.#database = database;
  }

  static async open(databaseUrl: string): Promise<PgBackendCpu> {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return new PgBackendCpu(client, new URL(databaseUrl).pathname.slice(1));
  }

  /** CPU ms so far of each backend of the database. */
  async snapshot(): Promise<Map<number, number>> {
    const { rows } = await this.#client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [this.#database]);
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      const ms = processCpuMs(pid);
      if (ms !== undefined) cpu.set(pid, ms);
    }
    return cpu;
  }

  /** CPU ms the backends used since `before` (a snapshot). */
  async since(before: Map<number, number>): Promise<number> {
    const after = await this.snapshot();
    let total = 0;
    for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
    return total;
  }

  close(): Promise<void> {
    return this.#client.end();
  }
}
