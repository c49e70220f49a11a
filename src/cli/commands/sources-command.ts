import { existsSync } from 'node:fs';
import { appStoreChoice } from '../../main.js';
import { openStore } from '../../store/open-store.js';
import type { SourceRecord } from '../../store/store.js';
import { formatSourcesTable, sourceStatus } from '../source-status.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { databaseOf } from '../store-options.js';

/**
 * `veille sources [--json]`: each configured source's health, from the state (file or database), and
 * when it is read next: its effective interval and why (see src/cycle/source-interval.ts).
 * Read-only: a state file that does not exist yet is not created (every source is `new`, and stderr
 * says so).
 */
export async function sourcesCommand(context: CommandContext, options: { readonly json: boolean }): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const choice = appStoreChoice(config, databaseOf(context));
  let records = new Map<string, SourceRecord>();
  if (choice.engine === 'sqlite' && choice.path !== ':memory:' && !existsSync(choice.path)) {
    context.io.err.write(`veille sources: no state yet (${choice.path} does not exist): veille has not run with this state file\n`);
  } else {
    const store = await openStore(choice);
    try {
      records = new Map((await store.listSources()).map((record) => [record.name, record]));
    } finally {
      await store.close();
    }
  }
  const statuses = config.sources.map((source) => sourceStatus(source, records.get(source.name), config.settings));
  context.io.out(options.json ? `${JSON.stringify(statuses)}\n` : formatSourcesTable(statuses, config.settings.timezone));
  return EXIT_OK;
}
