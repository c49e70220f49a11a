import { existsSync } from 'node:fs';
import { runtimeClock } from '../../clock/runtime-clock.js';
import { digestLineTime } from '../../render/digest.js';
import { digestSchedules } from '../../digest/digest-schedules.js';
import { nextDigest, type NextDigest } from '../../digest/next-digest.js';
import { appStoreChoice } from '../../main.js';
import { formatPublished } from '../../render/format-date.js';
import { openStore } from '../../store/open-store.js';
import { EXIT_OK, EXIT_USAGE } from '../cli-io.js';
import { loadConfigOrReport, type CommandContext } from '../command-context.js';
import { databaseOf } from '../store-options.js';

/**
 * `veille digest WATCH [--json]`: for each destination that takes the watch's digest, when the next
 * digest fires and what it would hold (stories, newest first, each source with its time), from the
 * state. Sends nothing and writes nothing (a state file that does not exist is not created). Exit 2
 * for an unknown watch or one without a digest.
 */
export async function digestCommand(context: CommandContext, options: { readonly watch?: string; readonly json: boolean }): Promise<number> {
  const config = await loadConfigOrReport(context);
  if (typeof config === 'number') return config;
  const { io } = context;
  const watch = config.watches.find((candidate) => candidate.name === options.watch);
  if (options.watch === undefined || watch === undefined) {
    const known = config.watches.map((candidate) => candidate.name).join(', ');
    io.err.write(options.watch === undefined ? `veille digest: name a watch (one of: ${known})\n` : `veille digest: unknown watch '${options.watch}' (known: ${known})\n`);
    return EXIT_USAGE;
  }
  const schedules = digestSchedules([watch]);
  if (schedules.length === 0) {
    io.err.write(`veille digest: watch '${watch.name}' has no digest (add digest: "0 8 * * 1-5" to it or to one of its destinations)\n`);
    return EXIT_USAGE;
  }
  const timeZone = config.settings.timezone;
  const now = runtimeClock(context.runtime).now();
  const choice = appStoreChoice(config, databaseOf(context));
  let digests: NextDigest[];
  if (choice.engine === 'sqlite' && choice.path !== ':memory:' && !existsSync(choice.path)) {
    io.err.write(`veille digest: no state yet (${choice.path} does not exist): nothing collected\n`);
    digests = schedules.map((schedule) => nextDigest(schedule, [], undefined, timeZone, now));
  } else {
    const store = await openStore(choice);
    try {
      digests = [];
      for (const schedule of schedules) {
        const entries = await store.listDigestEntries(schedule.watch, schedule.destination);
        digests.push(nextDigest(schedule, entries, await store.lastDigestPeriod(schedule.watch, schedule.destination), timeZone, now, watch.stories ?? 'group'));
      }
    } finally {
      await store.close();
    }
  }
  io.out(options.json ? `${JSON.stringify({ watch: watch.name, timeZone, destinations: digests })}\n` : formatDigests(watch.name, digests, timeZone));
  return EXIT_OK;
}

function formatDigests(watch: string, digests: readonly NextDigest[], timeZone: string): string {
  const lines: string[] = [];
  for (const digest of digests) {
    const when = digest.firesAt === undefined ? 'never (the cron expression does not fire again)' : digest.due ? `due now (since ${formatPublished(digest.firesAt, timeZone)})` : formatPublished(digest.firesAt, timeZone);
    const count = digest.stories.length;
    lines.push(`${watch} -> ${digest.destination} (${digest.cron}, ${timeZone}): ${when}; ${count === 0 ? 'nothing collected: nothing will be sent' : `${count} stor${count === 1 ? 'y' : 'ies'}, ${digest.items} item${digest.items === 1 ? '' : 's'}`}`);
    for (const story of digest.stories) {
      lines.push(`  - ${story.title.replace(/\s+/g, ' ')}${story.link === undefined ? '' : ` | ${story.link}`}`);
      for (const line of story.lines) lines.push(`      ${line.source} · ${digestLineTime(line.published, digest.firesAt ?? line.published, timeZone)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
