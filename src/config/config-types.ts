import type { CheckedDestination } from '../deliver/check-destination.js';
import type { ConfigProblem } from '../errors/config-error.js';

/** The validated configuration: what every other module receives (never raw YAML). */
export interface VeilleConfig {
  /** Directory the config was read from. */
  readonly dir: string;
  /** node-cron expression (5 or 6 fields). */
  readonly schedule: string;
  readonly settings: Settings;
  readonly sources: readonly SourceConfig[];
  readonly watches: readonly WatchConfig[];
  /** Active destinations only (an optional destination whose variables are unset is left out). */
  readonly destinations: readonly DestinationConfig[];
  /**
   * Where source health notices go (active destination names). Empty: to the destinations of the
   * watches that read the source.
   */
  readonly alertDestinations: readonly string[];
  /** Optional destinations left out, with the variables they miss (for a start-up log line). */
  readonly inactiveDestinations: readonly { readonly name: string; readonly missing: readonly string[] }[];
  /** Valid but probably not what was meant (e.g. a keyword that looks like a rule): shown by `check`, logged at start. */
  readonly warnings: readonly ConfigProblem[];
}

export interface Settings {
  readonly userAgent: string;
  /** Sources fetched at once. */
  readonly concurrency: number;
  /** Sources of one host (URL host name) fetched at once, within `concurrency`. */
  readonly perHost: number;
  readonly connectTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxRedirects: number;
  /** Seen items are forgotten after this long; older items are never posted. */
  readonly retentionMs: number;
  /** Time zone used to show dates in messages. */
  readonly timezone: string;
  /** A source failing this many cycles in a row gets one notice (and one when it recovers). */
  readonly alertAfterFailures: number;
  /** Port of the health/metrics HTTP endpoint; absent: no endpoint (`--http PORT` also enables it). */
  readonly httpPort?: number;
  /** `settings.database`: a `postgres://` URL selects the PostgreSQL store (`VEILLE_DATABASE_URL` wins). Never log it. */
  readonly database?: string;
  /** With VEILLE_HTTP_TOKEN set: true serves `/metrics` without the token (default: it needs it). */
  readonly metricsPublic?: boolean;
  /** `settings.feed_hints`: false ignores what feeds say of how often to read them (default true). */
  readonly feedHints?: boolean;
  /** `settings.replica_lease`: how long a replica's claim on a source or destination lasts unrenewed (default 60 s; see docs/operations.md). */
  readonly replicaLeaseMs?: number;
  /** `settings.story_window`: how far back new coverage attaches to a story's first post (default 48 h). */
  readonly storyWindowMs?: number;
}

export interface SourceConfig {
  readonly name: string;
  readonly url: string;
  /**
   * The URL to show in logs, reports and messages: as written in the config, `${VAR}` references
   * unreplaced, so a token from the environment never leaves the process.
   */
  readonly displayUrl: string;
  /** The URL's host name, case-folded (`settings.per_host` counts the requests of each). */
  readonly host: string;
  /** On first sight, post items published less than this long ago (0: post nothing). */
  readonly backfillMs: number;
  /** A source that has published nothing new for this long gets one notice (0: never). */
  readonly staleAfterMs: number;
  /** `every:` read at most this often (the schedule's ticks still set when); absent: every tick. */
  readonly everyMs?: number;
  /** `hints:` this source's own say on using its feed's hints; absent: `settings.feed_hints`. */
  readonly feedHints?: boolean;
}

export interface WatchConfig {
  readonly name: string;
  /** A rule string in the rule language, or a keyword list (any of them). */
  readonly rule: string | readonly string[];
  /** Source names this watch applies to (all sources when the config does not say). */
  readonly sources: readonly string[];
  /** Active destination names the watch posts to (after `otherwise` fallback). */
  readonly to: readonly string[];
  readonly color?: number;
  /**
   * Destinations (among `to`) that get this watch's matches as a digest, each with its cron
   * expression (read in `settings.timezone`): matches are collected, then posted together when it fires.
   */
  readonly digests?: Readonly<Record<string, string>>;
  /** `stories:` `group` (default): later coverage of a posted story is attached to its post; `off`: each item is posted. */
  readonly stories?: 'group' | 'off';
}

/** A destination whose settings its kind checked (see src/deliver/kinds.ts). */
export type DestinationConfig = CheckedDestination;
