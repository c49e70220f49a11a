import { runtimeClock } from '../../clock/runtime-clock.js';
import { configCacheFile } from '../../config/runtime-env.js';
import { openApp } from '../../main.js';
import { EXIT_OK } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { databaseOf } from '../store-options.js';

/**
 * `veille once`: one cycle, then exit 0 (failed feeds are reported, not fatal). With `--json`,
 * stdout is exactly one JSON document: the cycle report, with what the console destination
 * printed in its `console` field (one string per line) instead of on stdout before it.
 */
export async function onceCommand(context: CommandContext, options: { readonly json: boolean }): Promise<number> {
  // Started by cron every few minutes on the same files: their parsed YAML is kept (see parsed-yaml-cache.ts).
  const config = await loadConfigOrReport(context, { ...definedCacheFile(configCacheFile(context.runtime)) });
  if (typeof config === 'number') return config;
  const consoleLines: string[] = [];
  const write = options.json ? (text: string) => consoleLines.push(...text.replace(/\n$/, '').split('\n')) : context.io.out;
  const app = await openApp(config, { ...databaseOf(context), logger: context.logger, write, oneShot: true, clock: runtimeClock(context.runtime) });
  try {
    await app.claimState();
    const report = await app.runCycle(context.io.shutdown);
    if (options.json) context.io.out(`${JSON.stringify({ ...report, console: consoleLines })}\n`);
    return EXIT_OK;
  } finally {
    await app.close();
  }
}

const definedCacheFile = (cacheFile: string | undefined) => (cacheFile === undefined ? {} : { cacheFile });
