import { openApp } from '../../main.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { databaseOf } from '../store-options.js';

/** `veille once`: one cycle, then exit 0 (failed feeds are reported, not fatal). */
export async function onceCommand(context: CommandContext, options: { readonly json: boolean }): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const app = await openApp(config, { ...databaseOf(context), logger: context.logger, write: context.io.out });
  try {
    await app.claimState();
    const report = await app.runCycle(context.io.shutdown);
    if (options.json) context.io.out(`${JSON.stringify(report)}\n`);
    return EXIT_OK;
  } finally {
    await app.close();
  }
}
