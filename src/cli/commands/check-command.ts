import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';

/** `veille check`: validate the config; exit 0, or 2 with every problem listed. */
export async function checkCommand(context: CommandContext): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const inactive = config.inactiveDestinations.map((d) => `${d.name} (needs ${d.missing.join(', ')})`);
  context.io.out(
    `configuration OK: ${config.sources.length} sources, ${config.watches.length} watches, ` +
      `destinations: ${config.destinations.map((d) => d.name).join(', ') || 'none'}` +
      (inactive.length > 0 ? `; not configured: ${inactive.join(', ')}` : '') +
      `; schedule '${config.schedule}'\n`,
  );
  return EXIT_OK;
}
