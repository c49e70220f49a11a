import type { DigestEntry } from '../store/store.js';
import { buildDigests } from './build-digest.js';
import type { DigestSchedule } from './digest-schedules.js';
import { nextFire, previousFire } from './digest-times.js';

/** What the next digest of one (watch, destination) would hold, and when it fires. */
export interface NextDigest {
  readonly destination: string;
  readonly cron: string;
  /** When it goes: a fire time still to come, or one that passed (`due`: sent at the next cycle or start). */
  readonly firesAt?: string;
  /** True when it is already due (missed while veille was down, or interrupted). */
  readonly due: boolean;
  /** The period of the last digest claimed; absent: none yet. */
  readonly lastPeriod?: string;
  readonly items: number;
  readonly stories: readonly NextDigestStory[];
}

export interface NextDigestStory {
  readonly title: string;
  readonly link?: string;
  readonly lines: readonly { readonly source: string; readonly published: string }[];
}

/**
 * The next digest of `schedule` (pure): what is left of a claimed one (a crash, a failure) and the
 * items waiting. Due now when something was left, or when the last fire time is after the last
 * digest and items were collected before it; else at the next fire time, with every waiting item.
 */
export function nextDigest(
  schedule: DigestSchedule,
  entries: readonly DigestEntry[],
  lastPeriod: string | undefined,
  timeZone: string,
  now: Date,
  /** The watch's `stories:` (see `buildDigests`). */
  grouping: 'group' | 'off' = 'group',
): NextDigest {
  const previous = previousFire(schedule.cron, timeZone, now);
  const missed = previous !== undefined && (lastPeriod === undefined || previous.getTime() > Date.parse(lastPeriod));
  const dueNow = (entry: DigestEntry) => entry.state === 'claimed' || (missed && previous !== undefined && Date.parse(entry.collectedAt) <= previous.getTime());
  const due = entries.some(dueNow);
  const held = due ? entries.filter(dueNow) : entries;
  const firesAt = due ? previous : nextFire(schedule.cron, timeZone, now);
  const stories = buildDigests(held.map((entry) => ({ ...entry, period: 'next' })), { stories: grouping }).flatMap(({ digest }) => digest.stories);
  return {
    destination: schedule.destination,
    cron: schedule.cron,
    ...(firesAt === undefined ? {} : { firesAt: firesAt.toISOString() }),
    due,
    ...(lastPeriod === undefined ? {} : { lastPeriod }),
    items: held.length,
    stories: stories.map((story) => ({
      title: story.lines[0]?.item.title ?? '',
      ...(story.lines[0]?.item.link === undefined ? {} : { link: story.lines[0].item.link }),
      lines: story.lines.map((line) => ({ source: line.source, published: line.item.published })),
    })),
  };
}
