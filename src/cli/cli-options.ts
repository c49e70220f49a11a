import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The bin's options, for node:util's parseArgs: run-cli.ts parses them, and the bin's entry
 * (src/cli.ts) reads the command from them before the rest of veille loads. This module must stay
 * small and import nothing of veille: it is compiled before the code cache is in place.
 */
export const CLI_OPTIONS = {
  config: { type: 'string' },
  json: { type: 'boolean', default: false },
  jsonl: { type: 'boolean', default: false },
  http: { type: 'string' },
  'http-host': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  days: { type: 'string' },
  to: { type: 'string' },
  'summary-a': { type: 'string' },
  'summary-b': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** `argv`'s command (its first positional), or undefined for none, `--help`, `--version` or arguments that do not parse. */
export function commandOf(argv: readonly string[]): string | undefined {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: CLI_OPTIONS });
    return values.help || values.version ? undefined : positionals[0];
  } catch {
    return undefined;
  }
}
