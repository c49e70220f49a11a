import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './cli-io.js';
import { createCommandContext } from './command-context.js';
import { checkCommand } from './commands/check-command.js';
import { exportOpmlCommand } from './commands/export-opml-command.js';
import { importOpmlCommand } from './commands/import-opml-command.js';
import { matchCommand } from './commands/match-command.js';
import { onceCommand } from './commands/once-command.js';
import { runCommand } from './commands/run-command.js';
import { sourcesCommand } from './commands/sources-command.js';
import { storyCommand } from './commands/story-command.js';

export const USAGE = `Usage: veille <command> [options]

Commands:
  run      [--config DIR] [--http PORT [--http-host HOST]]
                                              poll on the configured schedule until stopped;
                                              with --http: /healthz, /readyz, /metrics on PORT
  once     [--config DIR] [--json]            run one cycle and exit
  check    [--config DIR]                     validate the configuration
  match    [--config DIR] [--jsonl] [TITLE [SUMMARY]]
                                              show which watches an item matches, and why
  sources  [--config DIR] [--json]            each source's health: status, last success, last error
  story    "TITLE A" "TITLE B" [--summary-a S] [--summary-b S] [--json]
                                              whether two headlines tell one story, and why
                                              (exit 0: one story, 1: different stories)
  import-opml FILE [--config DIR] [--dry-run] add the feeds of an OPML export (FILE, or - for stdin)
                                              to DIR/imported-sources.yaml, skipping known ones
  export-opml [--config DIR]                  print the configured sources as OPML 2.0

Options:
  --config DIR   config directory (default: $VEILLE_CONFIG or feeds/)
  --json         print the cycle report (once) or the source list (sources) as JSON
  --jsonl        read {"title","summary"} lines on stdin, write one result line each (match)
  --http PORT    serve health and metrics on PORT (run; overrides settings.http_port; 0: any free port)
  --http-host H  address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
  --dry-run      show what import-opml would add, write nothing
  -h, --help     show this help

Environment: VEILLE_CONFIG, VEILLE_DB (default data/veille.db), VEILLE_LOG_LEVEL,
VEILLE_DISCORD_API, VEILLE_SLACK_API, and any \${VAR} the config refers to.
`;

/** Parses argv and runs a command; returns the exit code. Never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        json: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
        http: { type: 'string' },
        'http-host': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'summary-a': { type: 'string' },
        'summary-b': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err.write(`veille: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.out(USAGE);
    return command === undefined && !values.help ? EXIT_USAGE : EXIT_OK;
  }
  const context = createCommandContext(io, values.config);
  try {
    switch (command) {
      case 'run': {
        const httpPort = values.http === undefined ? undefined : parsePort(values.http);
        if (httpPort === null) {
          io.err.write(`veille: --http expects a port number (0-65535), got '${values.http}'\n`);
          return EXIT_USAGE;
        }
        return await runCommand(context, {
          ...(httpPort === undefined ? {} : { httpPort }),
          ...(values['http-host'] === undefined ? {} : { httpHost: values['http-host'] }),
        });
      }
      case 'once':
        return await onceCommand(context, { json: values.json });
      case 'check':
        return await checkCommand(context);
      case 'match':
        return await matchCommand(context, {
          jsonl: values.jsonl,
          ...(rest[0] === undefined ? {} : { title: rest[0] }),
          ...(rest[1] === undefined ? {} : { summary: rest[1] }),
        });
      case 'sources':
      case 'feeds':
        return await sourcesCommand(context, { json: values.json });
      case 'story':
        return storyCommand(context, { titles: rest, json: values.json, summaryA: values['summary-a'], summaryB: values['summary-b'] });
      case 'import-opml':
        return await importOpmlCommand(context, { dryRun: values['dry-run'], ...(rest[0] === undefined ? {} : { file: rest[0] }) });
      case 'export-opml':
        return await exportOpmlCommand(context);
      default:
        io.err.write(`veille: unknown command '${command}'\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (error) {
    context.logger.error({ err: error }, (error as Error).message);
    return EXIT_FAILURE;
  }
}

/** A TCP port number, or null when `text` is not one. */
function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65_535 ? port : null;
}
