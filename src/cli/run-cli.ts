import { parseArgs } from 'node:util';
import { CLI_OPTIONS } from './cli-options.js';
import { ConfigError, formatConfigProblem } from '../errors/config-error.js';
import { runtimeClock } from '../clock/runtime-clock.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './cli-io.js';
import { createCommandContext } from './command-context.js';
import { readVersion } from './version.js';

export const USAGE = `Usage: veille <command> [options]

Commands:
  run      [--config DIR] [--http PORT [--http-host HOST]]
                                              poll on the configured schedule until stopped;
                                              with --http: /healthz, /readyz, /metrics and the web page on PORT
  once     [--config DIR] [--json]            run one cycle and exit
  check    [--config DIR]                     validate the configuration
  match    [--config DIR] [--jsonl] [TITLE [SUMMARY]]
                                              show which watches an item matches, and why
  sources  [--config DIR] [--json]            each source's health: status, last success, last error
  replay   [--config DIR] [--days N] [--json] replay the watches over the items seen in the last N days
                                              (default: the retention period): what each would now post
                                              that it did not, and what it posted that it no longer would
  digest   WATCH [--config DIR] [--json]      when the watch's next digest fires and what it would hold
  story    "TITLE A" "TITLE B" [--summary-a S] [--summary-b S] [--json]
                                              whether two headlines tell one story, and why
                                              (the decision, the score and the words that decided it)
  story    [--config DIR] [--json]            the stories of the story window, from the state
  import-opml FILE [--config DIR] [--dry-run] add the feeds of an OPML export (FILE, or - for stdin)
                                              to DIR/imported-sources.yaml, skipping known ones
  export-opml [--config DIR]                  print the configured sources as OPML 2.0
  migrate-state [--to URL]                    copy the SQLite state (VEILLE_DB) into an empty PostgreSQL
                                              database (default: VEILLE_DATABASE_URL or settings.database)

Options:
  --config DIR   config directory (default: $VEILLE_CONFIG or feeds/)
  --json         print the cycle report (once), the source list (sources) or the replay (replay) as JSON
  --days N       how many days of seen items replay looks at
  --jsonl        read {"title","summary"} lines on stdin, write one result line each (match)
  --http PORT    serve health and metrics on PORT (run; overrides settings.http_port; 0: any free port)
  --http-host H  address to listen on (default 127.0.0.1; 0.0.0.0 in a container)
  --dry-run      show what import-opml would add, write nothing
  -h, --help     show this help
  -V, --version  print veille's version

Environment: VEILLE_CONFIG, VEILLE_DB (default data/veille.db), VEILLE_DATABASE_URL (PostgreSQL), VEILLE_LOG_LEVEL,
VEILLE_DISCORD_API, VEILLE_SLACK_API, VEILLE_NOW (start the clock at this time: tests, drills), and any \${VAR} the config refers to.
`;

/**
 * Parses argv and runs a command; returns the exit code. Never calls process.exit. Each command's
 * module is imported when it runs: a `veille once` from cron loads neither the web server nor the
 * scheduler nor the metrics.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: CLI_OPTIONS,
    });
  } catch (error) {
    io.err.write(`veille: ${argumentProblem(error)}\nRun 'veille --help' for the commands and their options.\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version) {
    io.out(`veille ${readVersion()}\n`);
    return EXIT_OK;
  }
  if (values.help || command === undefined || command === 'help') {
    io.out(USAGE);
    return command === undefined && !values.help ? EXIT_USAGE : EXIT_OK;
  }
  let context;
  try {
    context = createCommandContext(io, values.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err.write(`veille: invalid environment:\n${error.problems.map((problem) => `  ${formatConfigProblem(problem)}`).join('\n')}\n`);
    return EXIT_USAGE;
  }
  try {
    switch (command) {
      case 'run': {
        const httpPort = values.http === undefined ? undefined : parsePort(values.http);
        if (httpPort === null) {
          io.err.write(`veille: --http expects a port number (0-65535), got '${values.http}'\n`);
          return EXIT_USAGE;
        }
        return await (await import('./commands/run-command.js')).runCommand(context, {
          ...(httpPort === undefined ? {} : { httpPort }),
          ...(values['http-host'] === undefined ? {} : { httpHost: values['http-host'] }),
        });
      }
      case 'once':
        return await (await import('./commands/once-command.js')).onceCommand(context, { json: values.json });
      case 'check':
        return await (await import('./commands/check-command.js')).checkCommand(context);
      case 'match':
        return await (await import('./commands/match-command.js')).matchCommand(context, {
          jsonl: values.jsonl,
          ...(rest[0] === undefined ? {} : { title: rest[0] }),
          ...(rest[1] === undefined ? {} : { summary: rest[1] }),
        });
      case 'sources':
      case 'feeds':
        return await (await import('./commands/sources-command.js')).sourcesCommand(context, { json: values.json });
      case 'replay':
        return await (await import('./commands/replay-command.js')).replayCommand(context, { json: values.json, clock: runtimeClock(context.runtime), ...(values.days === undefined ? {} : { days: values.days }) });
      case 'digest':
        return await (await import('./commands/digest-command.js')).digestCommand(context, { json: values.json, ...(rest[0] === undefined ? {} : { watch: rest[0] }) });
      case 'story':
        if (rest.length === 0) return await (await import('./commands/recent-stories-command.js')).recentStoriesCommand(context, { json: values.json, now: runtimeClock(context.runtime).now() });
        return (await import('./commands/story-command.js')).storyCommand(context, { titles: rest, json: values.json, summaryA: values['summary-a'], summaryB: values['summary-b'] });
      case 'import-opml':
        return await (await import('./commands/import-opml-command.js')).importOpmlCommand(context, { dryRun: values['dry-run'], ...(rest[0] === undefined ? {} : { file: rest[0] }) });
      case 'export-opml':
        return await (await import('./commands/export-opml-command.js')).exportOpmlCommand(context);
      case 'migrate-state':
        return await (await import('./commands/migrate-state-command.js')).migrateStateCommand(context, values.to === undefined ? {} : { to: values.to });
      default:
        io.err.write(`veille: unknown command '${command}'\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (error) {
    context.logger.error({ err: error }, (error as Error).message);
    return EXIT_FAILURE;
  }
}

/** node:util's parseArgs messages, in the words of the rest of the CLI. */
function argumentProblem(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) return `unknown option '${option}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) {
    return /argument missing/.test(message) ? `option '${option}' needs a value` : `option '${option}' takes no value`;
  }
  return message;
}

/** A TCP port number, or null when `text` is not one. */
function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port <= 65_535 ? port : null;
}
