import { existsSync } from 'node:fs';
import type { Clock } from '../../clock/clock.js';
import { appStoreChoice } from '../../main.js';
import { compileMatcher } from '../../match/index.js';
import { formatReplay, type ReplayReport } from '../../replay/format-replay.js';
import { replayWatches } from '../../replay/replay-watches.js';
import { openStore } from '../../store/open-store.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { databaseOf } from '../store-options.js';

/** Items replayed at most (newest first): far above a retention window's worth for most setups. */
export const REPLAY_ITEM_LIMIT = 200_000;

export interface ReplayOptions {
  readonly json: boolean;
  /** `--days` as given; the retention period when absent. */
  readonly days?: string;
  readonly clock: Pick<Clock, 'now'>;
}

/**
 * `veille replay [--days N] [--json]`: the watches of the config directory replayed over the items
 * of the state seen in the last N days, compared with what was posted. Read-only.
 */
export async function replayCommand(context: CommandContext, options: ReplayOptions): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const days = options.days === undefined ? config.settings.retentionMs / 86_400_000 : parseDays(options.days);
  if (days === undefined) {
    context.io.err.write(`veille replay: --days expects a positive number of days, got '${options.days ?? ''}'\n`);
    return EXIT_USAGE;
  }
  const choice = appStoreChoice(config, databaseOf(context));
  if (choice.engine === 'sqlite' && choice.path !== ':memory:' && !existsSync(choice.path)) {
    context.io.err.write(`veille replay: no state yet (${choice.path} does not exist): veille has not run with this state file\n`);
    return EXIT_FAILURE;
  }
  const since = new Date(options.clock.now().getTime() - days * 86_400_000).toISOString();
  const store = await openStore(choice);
  let report: ReplayReport;
  try {
    const items = await store.listSeenItems({ since, limit: REPLAY_ITEM_LIMIT });
    // Items collected for a digest were posted by their watch too (to its digest).
    const posted = [...(await store.listPostedItems(since)), ...(await store.listCollectedItems(since))];
    const matcher = compileMatcher(config.watches.map((watch) => ({ name: watch.name, rule: watch.rule })));
    report = {
      since,
      items: items.filter((item) => item.text.postable).length,
      truncated: items.length === REPLAY_ITEM_LIMIT,
      watches: replayWatches({ watches: config.watches, matcher, items, posted }),
    };
  } finally {
    await store.close();
  }
  context.io.out(options.json ? `${JSON.stringify(report)}\n` : formatReplay(report));
  return EXIT_OK;
}

function parseDays(text: string): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const days = Number(text);
  return days > 0 ? days : undefined;
}
