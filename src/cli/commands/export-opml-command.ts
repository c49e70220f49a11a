import { renderOpml } from '../../opml/render-opml.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';

/**
 * `veille export-opml`: the configured sources as OPML 2.0 on stdout (for a feed reader, or another
 * veille). URLs as the config writes them: a `${VAR}` holding a token stays a reference.
 */
export async function exportOpmlCommand(context: CommandContext): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  context.io.out(renderOpml({ title: 'veille sources', feeds: config.sources.map((source) => ({ name: source.name, xmlUrl: source.displayUrl })) }));
  return EXIT_OK;
}
