import type { CycleReport } from '../../src/cycle/cycle-report.js';
import type { Repetitions } from '../plan/repetitions.js';
import type { ChangeRequest, ValidatorProfile } from '../server/feed-catalog.js';
import type { Measurement } from '../support/measure.js';
import type { RoundSample } from '../support/measure-rounds.js';
import type { ProfileSummary } from '../support/profile-summary.js';

/** The counters of a cycle report (failures listed by kind only). */
export type CycleCounts = Omit<CycleReport, 'startedAt' | 'failures'> & { readonly failureKinds: Readonly<Record<string, number>> };

export interface VeilleSeedTask {
  readonly kind: 'veille-seed';
  readonly ports: readonly number[];
  readonly sources: number;
  readonly concurrency: number;
  readonly dbPath: string;
  /** PostgreSQL database to seed instead of the SQLite file (the postgres and replicas parts). */
  readonly databaseUrl?: string;
}

export interface VeilleSteadyTask {
  readonly kind: 'veille-steady';
  readonly ports: readonly number[];
  readonly sources: number;
  readonly concurrency: number;
  /** State after the seeding cycle; copied, never written. */
  readonly seedDb: string;
  readonly workDir: string;
  /** Sources of this case that have validators: the others' stored ETag/Last-Modified are cleared. */
  readonly validators: ValidatorProfile;
  /** What the feed server publishes before each cycle (none: every body stays the same). */
  readonly change?: Omit<ChangeRequest, 'at' | 'offset'>;
  /** Cycles on the same app: warm-up ones, then measured ones. */
  readonly repetitions: Repetitions;
  /** Pause between two cycles (a daemon waits for its next tick); 0: back to back. */
  readonly pauseMs: number;
  /** Profiles the last measured cycle. */
  readonly profileFile?: string;
  /**
   * PostgreSQL (the postgres and replicas parts): the app runs on this database, a copy of the
   * seed made by the parent (CREATE DATABASE ... TEMPLATE), instead of a copy of `seedDb`.
   */
  readonly databaseUrl?: string;
  /**
   * The parent publishes before each round (so that two cases taking turns read the same feeds):
   * the worker does not touch the feed server, and expects the sources (index + round) % every = 0
   * to have changed. Replaces `change`.
   */
  readonly changedByParent?: { readonly every: number };
  /** Replicas part: this replica's id, and round r serves the tick tickBase + r seconds (the same on every replica). */
  readonly replica?: { readonly id: string; readonly tickBase: number; readonly shared: boolean };
}

export interface FloorTask {
  readonly kind: 'floor';
  readonly ports: readonly number[];
  readonly sources: number;
  readonly concurrency: number;
  /** Passes over every feed: warm-up ones, then measured ones. */
  readonly repetitions: Repetitions;
  readonly profileFile?: string;
}

export interface NaiveTask {
  readonly kind: 'naive';
  readonly ports: readonly number[];
  readonly sources: number;
  readonly warmupSources: number;
  readonly profileFile?: string;
}

export interface MatcherTask {
  readonly kind: 'matcher';
  readonly items: number;
  /** Each variant is timed for at least this long. */
  readonly minMs: number;
}

export interface StoriesTask {
  readonly kind: 'stories';
  /** Items in the story window before the new ones come. */
  readonly window: number;
  /** New items matched against the window, then added. */
  readonly newItems: number;
  readonly rounds: number;
}

export interface StateSizeTask {
  readonly kind: 'state-size';
  readonly ports: readonly number[];
  readonly sources: number;
  readonly cycles: number;
  /** New items per source per cycle. */
  readonly newItems: number;
  readonly retentionMs: number;
  /** Simulated time between cycles. */
  readonly intervalMs: number;
  readonly dbPath: string;
}

export interface StagesTask {
  readonly kind: 'stages';
  readonly ports: readonly number[];
  readonly sources: number;
  /** Where the file-backed store goes (the same file system as the cycle cases). */
  readonly dbDir: string;
}

/** Cases run once per worker. */
export type CaseTask = VeilleSeedTask | NaiveTask | MatcherTask | StateSizeTask | StagesTask | StoriesTask;
/** Cases run in rounds, each round when the parent asks for it (so that two cases can take turns). */
export type SteppedTask = VeilleSteadyTask | FloorTask;

/** What the parent sends a stepped worker after its task. */
export type StepCommand = { readonly op: 'round' } | { readonly op: 'finish' };

export interface CycleCaseResult {
  /** Steady cases: the median measured cycle by CPU (peak RSS: the worker's, after every cycle). */
  readonly measurement: Measurement;
  /** Counters of the cycle in `measurement`. */
  readonly counts: CycleCounts;
  /** createApp (open + quick_check + compile), outside the measured cycle. */
  readonly startupMs: number;
  /** Steady cases: every cycle the worker ran on its app, the cold first one included. */
  readonly rounds?: RoundsSummary;
  /** Steady cases: connections each cycle opened to the feed server (warm-up cycles first). */
  readonly connectionsPerCycle?: readonly number[];
  /** State file size after the cycle (database + WAL), bytes. */
  readonly dbBytes?: number;
  /** One more store.prune() after the measured cycle (the scan every cycle ends with), timed alone. */
  readonly prune?: { readonly wallMs: number; readonly cpuMs: number };
  readonly profile?: ProfileSummary;
  /** PostgreSQL: CPU ms of the server backends serving the app's connections, per round (warm-up ones first; see pg-backend-cpu.ts). */
  readonly serverCpuMs?: readonly number[];
}

/** Every round of a repeated case, warm-up and measured. */
export interface RoundsSummary {
  readonly warmup: readonly RoundSample[];
  readonly measured: readonly RoundSample[];
}

export interface FloorResult {
  /** The median measured pass by CPU. */
  readonly measurement: Measurement;
  readonly rounds: RoundsSummary;
  readonly documents: number;
  readonly items: number;
  readonly bodyBytes: number;
  readonly profile?: ProfileSummary;
}

export interface NaiveResult {
  readonly measurement: Measurement;
  readonly documents: number;
  readonly items: number;
  readonly matchedItems: number;
  readonly profile?: ProfileSummary;
}

export interface MatcherRow {
  readonly variant: string;
  readonly terms: number;
  readonly watches: number;
  readonly items: number;
  readonly passes: number;
  readonly itemsPerSecond: number;
  readonly microsPerItem: number;
  readonly matchedShare: number;
  /** Items in which at least one term of the variant was found (what drives rule evaluation). */
  readonly itemsWithHits: number;
  /** Median cost of a match() that directly follows two major GCs (the GCs not timed). */
  readonly microsAfterMajorGcs: number;
}

export interface MatcherResult {
  readonly rows: readonly MatcherRow[];
}

export interface StoriesResult {
  readonly window: number;
  readonly newItems: number;
  readonly rounds: number;
  /** Filling the window: analyze and index one item. */
  readonly fillMsPerItem: number;
  /** A new item: match against the window, add it (and the evictions of its cycle). */
  readonly msPerNewItem: number;
  /** The match() part of it. */
  readonly matchMsPerNewItem: number;
  /** V8 heap held by the filled window (its items and index), after full GCs. */
  /** The window's memory: V8 heap and typed arrays' storage. */
  readonly heapDeltaMiB: number;
  /** New items attached to a story of the window (a fifth are rewrites of window items). */
  readonly attachedShare: number;
  readonly windowAfter: number;
}

export interface StateSizePoint {
  readonly cycle: number;
  /** Items recorded so far (new items seen since the start, seeding included). */
  readonly itemsSeen: number;
  readonly dbFileBytes: number;
  readonly walFileBytes: number;
  /** page_count x page_size: the file's size once the WAL is checkpointed into it. */
  readonly logicalBytes: number;
  /** Pages in use (free pages left out). */
  readonly liveBytes: number;
  readonly seenItems: number;
  /** Rows of every table of the schema measured (it changes between versions of veille). */
  readonly rowsByTable: Readonly<Record<string, number>>;
}

export interface StateSizeResult {
  readonly retentionMs: number;
  readonly points: readonly StateSizePoint[];
  /** Bytes per table and index after the last cycle (SQLite's dbstat), largest first. */
  readonly bytesByObject: readonly { readonly name: string; readonly bytes: number }[];
}

export interface StageRow {
  readonly group: string;
  readonly stage: string;
  /** Process CPU per source (per document, per store call), in microseconds. */
  readonly cpuUsPerSource: number;
  readonly wallMsTotal: number;
}

export interface StagesResult {
  readonly sources: number;
  readonly rows: readonly StageRow[];
}

export type CaseResult = CycleCaseResult | FloorResult | NaiveResult | MatcherResult | StateSizeResult | StagesResult | StoriesResult;

export type WorkerReply = { readonly ok: true; readonly result: CaseResult } | { readonly ok: false; readonly error: string };

/** A stepped worker's replies: ready after its task, a sample after each round, the result after finish. */
export type StepReply =
  | { readonly ok: true; readonly ready: true }
  | { readonly ok: true; readonly sample: RoundSample }
  | { readonly ok: true; readonly result: CaseResult }
  | { readonly ok: false; readonly error: string };
