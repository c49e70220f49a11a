import { readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { formatConfigProblem } from '../../errors/config-error.js';
import { OpmlError } from '../../errors/opml-error.js';
import { planImport } from '../../opml/plan-import.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { formatImportReport } from '../import-report.js';
import { appendImportedSources, IMPORTED_SOURCES_FILE } from '../imported-sources-file.js';
import { readOpml } from '../read-opml.js';
import { validateConfigCandidate } from '../validate-config-candidate.js';

export interface ImportOpmlOptions {
  /** The OPML file, `-` for standard input. */
  readonly file?: string;
  /** Report what would be imported; write nothing. */
  readonly dryRun: boolean;
}

/**
 * `veille import-opml FILE`: adds the feeds of a feed reader's OPML export as sources, in
 * `imported-sources.yaml` of the config directory (created, or appended to). Feeds already configured
 * (same URL or same name) are skipped and listed. Nothing is written unless the config loader accepts
 * the result. Exit 0 (also when everything was skipped), 1 when the file cannot be read as OPML,
 * 2 when the configuration is invalid, before or after.
 */
export async function importOpmlCommand(context: CommandContext, options: ImportOpmlOptions): Promise<number> {
  const { io } = context;
  if (options.file === undefined) {
    io.err.write('veille import-opml: give the OPML FILE to import (- for standard input)\n');
    return EXIT_USAGE;
  }
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;

  let document;
  try {
    document = await readOpml(options.file, io.stdin);
  } catch (error) {
    if (!(error instanceof OpmlError)) throw error;
    io.err.write(`veille import-opml: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const plan = planImport(document.feeds, config.sources, document.outlinesWithoutFeedUrl);
  const target = join(context.configDir, IMPORTED_SOURCES_FILE);
  if (plan.added.length === 0) {
    io.out(formatImportReport(plan, target, options));
    return EXIT_OK;
  }

  const existing = await readIfExists(target);
  const content = appendImportedSources(existing, plan.added);
  const problems = await validateConfigCandidate(resolve(context.configDir), context.configDir, { file: IMPORTED_SOURCES_FILE, content }, context.runtime);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `  ${formatConfigProblem(problem)}`).join('\n');
    io.err.write(`veille import-opml: nothing written: the configuration would be invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines}\n`);
    return EXIT_USAGE;
  }
  if (!options.dryRun) {
    // Written aside then renamed: a crash never leaves a half-written config file.
    const partial = `${target}.partial`;
    await writeFile(partial, content);
    await rename(partial, target);
  }
  io.out(formatImportReport(plan, target, options));
  return EXIT_OK;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
