import { existsSync } from 'node:fs';
import { systemClock } from '../../clock/clock.js';
import { StateInUseError } from '../../errors/state-in-use-error.js';
import { holdStateLease, type StateLease } from '../../lease/hold-state-lease.js';
import { describeStore, isPostgresUrl } from '../../store/open-store.js';
import { readStateRows } from '../../store/sqlite/read-state-rows.js';
import { openSqliteStore } from '../../store/sqlite/sqlite-store.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';

/**
 * `veille migrate-state [--to URL]`: copies the SQLite state file (`VEILLE_DB`) into an EMPTY
 * PostgreSQL database (`--to`, else `VEILLE_DATABASE_URL`, else `settings.database`): sources with
 * their validators and health, seen items, the outbox (pending and finished entries), disabled
 * destinations, digest items and periods, the story window and stories' posts, the reads kept for
 * the duration charts. The file is left as it was. Exit 0 when copied; 1 when the target is not empty,
 * cannot be reached, or the file is in use by a running veille; 2 when no target or no file.
 */
export async function migrateStateCommand(context: CommandContext, options: { readonly to?: string }): Promise<number> {
  const { io, logger } = context;
  let target = options.to ?? context.runtime.databaseUrl;
  if (target === undefined) {
    const config = await loadConfigOrReport(context);
    if (typeof config === 'number') return config;
    target = config.settings.database;
  }
  if (target === undefined || !isPostgresUrl(target)) {
    io.err.write('veille migrate-state: name the target with --to postgres://USER@HOST/DB (or set VEILLE_DATABASE_URL or settings.database)\n');
    return EXIT_USAGE;
  }
  const path = context.runtime.dbPath;
  if (!existsSync(path)) {
    io.err.write(`veille migrate-state: no state file at ${path} (VEILLE_DB): nothing to move\n`);
    return EXIT_USAGE;
  }
  const where = describeStore({ engine: 'postgres', url: target });
  const store = openSqliteStore(path);
  let lease: StateLease | undefined;
  try {
    // A veille still running on the file would go on changing it: stop it first.
    lease = await holdStateLease(store, { clock: systemClock, logger, path });
    const { importState } = await import('../../store/postgres/import-state.js');
    const result = await importState(target, readStateRows(path));
    if (!result.imported) {
      io.err.write(
        `veille migrate-state: the database ${where} already holds veille state (${result.nonEmpty.join(', ')}); ` +
          'migrate-state only fills an empty database: nothing was written\n',
      );
      return EXIT_FAILURE;
    }
    const { sources, seenItems, pending, finished, disabledDestinations, digestItems, storyItems, storyPosts, sourceReads } = result.counts;
    io.out(
      `copied ${path} to ${where}: ${sources} sources, ${seenItems} seen items, ${pending} pending and ${finished} finished deliveries, ` +
        `${disabledDestinations} disabled destinations, ${digestItems} digest items, ${storyItems} story items, ${storyPosts} story posts, ` +
        `${sourceReads} source reads\n`,
    );
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof StateInUseError)) throw error;
    logger.error({ path: error.path, pid: error.holder.pid, host: error.holder.host }, `${error.message}; stop it before moving its state`);
    return EXIT_FAILURE;
  } finally {
    await lease?.release().catch(() => undefined);
    await store.close();
  }
}
