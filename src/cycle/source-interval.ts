import type { Settings, SourceConfig } from '../config/config-types.js';
import type { FeedHints, SourceRecord } from '../store/store.js';

/**
 * When a source is read (pure; `veille run`, `veille sources` and the web page share it). Every
 * tick of the global schedule reads the sources that are due: those without an interval, and those
 * whose interval has passed since their last attempt. A source's interval is the longest of its
 * `every:` and, unless turned off, what the feed asks (its hints, each capped at MAX_FEED_HINT_MS).
 * A source backing off after failures waits for its next attempt time as well.
 */

/** Why a source is read when it is. */
export type IntervalReason = 'schedule' | 'every' | 'ttl' | 'update-period' | 'max-age' | 'backoff';

/** A feed cannot ask to be read less than once a day (a `<ttl>` of a week would hide a week of news). */
export const MAX_FEED_HINT_MS = 24 * 3_600_000;

/** What the configuration says of one source's interval. */
export interface SourcePolicy {
  readonly everyMs?: number;
  /** Use the feed's hints as a minimum interval. */
  readonly feedHints: boolean;
}

export interface EffectiveInterval {
  /** 0: every tick of the schedule. */
  readonly intervalMs: number;
  readonly reason: Exclude<IntervalReason, 'backoff'>;
}

export interface SourceDue {
  readonly intervalMs: number;
  readonly reason: IntervalReason;
  /** ISO time from which the source is read; absent: at the next tick. */
  readonly dueAt?: string;
}

export function sourcePolicy(source: Pick<SourceConfig, 'everyMs' | 'feedHints'>, settings: Pick<Settings, 'feedHints'>): SourcePolicy {
  return { ...(source.everyMs === undefined ? {} : { everyMs: source.everyMs }), feedHints: source.feedHints ?? settings.feedHints ?? true };
}

/** The longest of `every:` and the feed's hints (on a tie, in that order); none: the schedule. */
export function effectiveInterval(policy: SourcePolicy, hints: FeedHints | undefined): EffectiveInterval {
  const candidates: EffectiveInterval[] = [];
  if (policy.everyMs !== undefined && policy.everyMs > 0) candidates.push({ intervalMs: policy.everyMs, reason: 'every' });
  if (policy.feedHints && hints !== undefined) {
    const hinted: [number | undefined, EffectiveInterval['reason']][] = [[hints.ttlMs, 'ttl'], [hints.updatePeriodMs, 'update-period'], [hints.maxAgeMs, 'max-age']];
    for (const [ms, reason] of hinted) if (ms !== undefined && ms > 0) candidates.push({ intervalMs: Math.min(ms, MAX_FEED_HINT_MS), reason });
  }
  return candidates.reduce<EffectiveInterval>((best, candidate) => (candidate.intervalMs > best.intervalMs ? candidate : best), { intervalMs: 0, reason: 'schedule' });
}

/**
 * The hints stored for this source, unless they were said by another URL (the config moved the
 * source: what the old feed asked says nothing of the new one).
 */
function hintsOf(source: Pick<SourceConfig, 'url'>, record: SourceRecord | undefined): FeedHints | undefined {
  return record !== undefined && record.url === source.url ? record.feedHints : undefined;
}

/** When the source's interval lets it be read again (backoff aside); absent: now. */
export function intervalDue(source: Pick<SourceConfig, 'url'>, policy: SourcePolicy, record: SourceRecord | undefined): SourceDue {
  const interval = effectiveInterval(policy, hintsOf(source, record));
  if (interval.intervalMs === 0 || record?.lastAttemptAt === undefined || record.url !== source.url) return interval;
  return { ...interval, dueAt: new Date(Date.parse(record.lastAttemptAt) + interval.intervalMs).toISOString() };
}

/** When the source is read next and why: its interval, or its backoff when that ends later. */
export function nextDue(source: Pick<SourceConfig, 'url'>, policy: SourcePolicy, record: SourceRecord | undefined): SourceDue {
  const due = intervalDue(source, policy, record);
  const backoff = record?.nextAttemptAt;
  if (backoff !== undefined && (due.dueAt === undefined || Date.parse(backoff) > Date.parse(due.dueAt))) {
    return { intervalMs: due.intervalMs, reason: 'backoff', dueAt: backoff };
  }
  return due;
}

/**
 * Whether a tick at `now` reads the source. A last attempt is recorded when its fetch ended, a
 * little after the tick that started it: a slack of 5% of the interval (at most a minute) keeps a
 * source with `every: 1h` on an hourly tick from slipping to the tick after.
 */
export function isDue(due: SourceDue, now: Date): boolean {
  if (due.dueAt === undefined) return true;
  const slackMs = due.reason === 'backoff' ? 0 : Math.min(due.intervalMs * 0.05, 60_000);
  return Date.parse(due.dueAt) - slackMs <= now.getTime();
}

/** The sources a tick at `now` reads (intervals only: a source backing off is skipped, and reported so, by runSource). */
export function dueSources<S extends Pick<SourceConfig, 'name' | 'url' | 'everyMs' | 'feedHints'>>(
  sources: readonly S[],
  settings: Pick<Settings, 'feedHints'>,
  records: ReadonlyMap<string, SourceRecord>,
  now: Date,
): S[] {
  return sources.filter((source) => isDue(intervalDue(source, sourcePolicy(source, settings), records.get(source.name)), now));
}

/**
 * An interval in its largest whole units, as `veille sources` and the web page write it: `1h30m`,
 * `45s`, `1d` (`day` and `minute` name those units: `j` and `min` in French).
 */
export function writeInterval(seconds: number, names: { readonly day?: string; readonly minute?: string } = {}): string {
  const units: [number, string][] = [[86_400, names.day ?? 'd'], [3_600, 'h'], [60, names.minute ?? 'm'], [1, 's']];
  let rest = Math.round(seconds);
  let out = '';
  for (const [size, unit] of units) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out === '' ? '0s' : out;
}
