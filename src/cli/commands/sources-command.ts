import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { formatSourcesTable, sourceStatus } from '../source-status.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';

/** `veille sources [--json]`: each configured source's health, from the state file. */
export async function sourcesCommand(context: CommandContext, options: { readonly json: boolean }): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const store = openSqliteStore(context.runtime.dbPath);
  try {
    const records = new Map((await store.listSources()).map((record) => [record.name, record]));
    const statuses = config.sources.map((source) => sourceStatus(source, records.get(source.name)));
    context.io.out(options.json ? `${JSON.stringify(statuses)}\n` : formatSourcesTable(statuses));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
