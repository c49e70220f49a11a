import { appStoreChoice } from '../../main.js';
import { openStore } from '../../store/open-store.js';
import { formatSourcesTable, sourceStatus } from '../source-status.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { databaseOf } from '../store-options.js';

/** `veille sources [--json]`: each configured source's health, from the state (file or database). */
export async function sourcesCommand(context: CommandContext, options: { readonly json: boolean }): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const store = await openStore(appStoreChoice(config, databaseOf(context)));
  try {
    const records = new Map((await store.listSources()).map((record) => [record.name, record]));
    const statuses = config.sources.map((source) => sourceStatus(source, records.get(source.name)));
    context.io.out(options.json ? `${JSON.stringify(statuses)}\n` : formatSourcesTable(statuses));
    return EXIT_OK;
  } finally {
    await store.close();
  }
}
