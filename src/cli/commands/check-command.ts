import { formatConfigProblem } from '../../errors/config-error.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { plural } from '../plural.js';

/** `veille check`: validate the config; exit 0 (warnings on stderr), or 2 with every problem listed. */
export async function checkCommand(context: CommandContext): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  for (const warning of config.warnings) context.io.err.write(`veille: warning: ${formatConfigProblem(warning)}\n`);
  const inactive = config.inactiveDestinations.map((d) => `${d.name} (needs ${d.missing.join(', ')})`);
  context.io.out(
    `configuration OK: ${plural(config.sources.length, 'source')}, ${plural(config.watches.length, 'watch', 'watches')}, ` +
      `destinations: ${config.destinations.map((d) => d.name).join(', ') || 'none'}` +
      (inactive.length > 0 ? `; not configured: ${inactive.join(', ')}` : '') +
      `; schedule '${config.schedule}'\n`,
  );
  return EXIT_OK;
}
