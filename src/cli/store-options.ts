import type { CommandContext } from './command-context.js';

/** Where a command's state is: `VEILLE_DB`, and `VEILLE_DATABASE_URL` when set (see `openApp`). */
export function databaseOf(context: CommandContext): { readonly dbPath: string; readonly databaseUrl?: string } {
  const { dbPath, databaseUrl } = context.runtime;
  return databaseUrl === undefined ? { dbPath } : { dbPath, databaseUrl };
}
