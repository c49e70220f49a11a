import { DEFAULT_SETTINGS } from '../../src/config/config-defaults.js';
import { MIX_IDS, type MixId } from './mixes.js';

export const PARTS = ['matcher', 'stories', 'stages', 'cycles', 'floor', 'naive', 'once', 'delay', 'state', 'web', 'postgres', 'replicas'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  readonly sizes: readonly number[];
  readonly mixes: readonly MixId[];
  readonly parts: ReadonlySet<Part>;
  /** The naive loop is serial: measured up to this many sources only. */
  readonly naiveMax: number;
  readonly concurrency: number;
  /** Cycles (and floor passes) before measuring: whole rounds until this many source reads. */
  readonly warmupReads: number;
  /** Measured cycles (and floor passes) per case, at most; the result is their median. */
  readonly rounds: number;
  /** All-changed cycles and floor passes: measured rounds until they cover this many reads, at most `changedRounds`. */
  readonly changedReads: number;
  readonly changedRounds: number;
  /** ...and at least this many, however many sources (a single pair of long rounds is one sample of the machine's drift). */
  readonly changedMinRounds: number;
  /** The 304 case is also run with this pause between cycles (0: not run). */
  readonly pauseMs: number;
  /** The naive loop is one serial pass, after a warm-up pass over this many sources. */
  readonly naiveWarmupSources: number;
  /** `veille once` as a process: these sizes (independent of --sizes)... */
  readonly onceSizes: readonly number[];
  /** ...and this many measured pairs of processes (veille, floor) per case. */
  readonly onceRuns: number;
  /** The bin the once part runs (default: this checkout's dist/cli.cjs); another build, for an A/B run. */
  readonly onceCli: string | undefined;
  readonly delayRepeats: number;
  readonly delaySources: number;
  /** CPU-profile the measured phase of cycle, floor and naive cases (adds overhead to their numbers). */
  readonly profile: boolean;
  /** Where state files go (default: the OS temp dir). A tmpfs here takes fsync out of the numbers. */
  readonly dbDir: string | undefined;
  /** Extra node flags for the case workers (e.g. V8 heap tuning), space-separated. */
  readonly workerFlags: readonly string[];
  /** The postgres part: these sizes (independent of --sizes), SQLite and PostgreSQL taking turns. */
  readonly pgSizes: readonly number[];
  /** The PostgreSQL server's maintenance database: the postgres and replicas parts create and drop their databases there. */
  readonly pgUrl: string;
  /** The replicas part: sources read by 1, then 2 replicas on one database. */
  readonly replicaSources: number;
  /** ...for this many ticks (after one warm-up tick). */
  readonly replicaTicks: number;
}

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const USAGE = `usage: npm run bench -- [--sizes=100,1000,10000] [--mixes=${MIX_IDS.join(',')}]
  [--only=${PARTS.join(',')}] [--skip=...] [--naive-max=1000] [--concurrency=16]
  [--warmup-reads=5000] [--rounds=5] [--changed-reads=10000] [--changed-rounds=20] [--changed-min-rounds=3] [--pause-ms=3000]
  [--once-sizes=100,1000] [--once-runs=5] [--once-cli=PATH] [--delay-repeats=6] [--delay-sources=100] [--profile] [--db-dir=DIR]
  [--worker-flags="--max-semi-space-size=32"] [--pg-sizes=100,1000] [--pg-url=${DEFAULT_PG_URL}]
  [--replica-sources=500] [--replica-ticks=6]`;

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match?.[1] === undefined) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    values.set(match[1], match[2] ?? 'true');
  }
  const known = new Set(['sizes', 'mixes', 'only', 'skip', 'naive-max', 'concurrency', 'warmup-reads', 'rounds', 'changed-reads', 'changed-rounds', 'changed-min-rounds', 'pause-ms', 'once-sizes', 'once-runs', 'once-cli', 'delay-repeats', 'delay-sources', 'profile', 'db-dir', 'worker-flags', 'pg-sizes', 'pg-url', 'replica-sources', 'replica-ticks', 'help']);
  for (const key of values.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}\n${USAGE}`);
  if (values.has('help')) throw new Error(USAGE);
  const list = (key: string, fallback: string): string[] => (values.get(key) ?? fallback).split(',').map((part) => part.trim()).filter((part) => part !== '');
  const integer = (key: string, fallback: number): number => {
    const value = Number(values.get(key) ?? fallback);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${key} must be a non-negative integer\n${USAGE}`);
    return value;
  };
  const sizes = list('sizes', '100,1000,10000').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`--sizes must list positive integers\n${USAGE}`);
  const onceSizes = list('once-sizes', '100,1000').map(Number);
  if (onceSizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`--once-sizes must list positive integers\n${USAGE}`);
  const pgSizes = list('pg-sizes', '100,1000').map(Number);
  if (pgSizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error(`--pg-sizes must list positive integers\n${USAGE}`);
  const pgUrl = values.get('pg-url') ?? DEFAULT_PG_URL;
  if (!/^postgres(ql)?:\/\//.test(pgUrl)) throw new Error(`--pg-url must be a postgres:// URL\n${USAGE}`);
  const mixes = list('mixes', MIX_IDS.join(','));
  for (const mix of mixes) if (!(MIX_IDS as readonly string[]).includes(mix)) throw new Error(`unknown mix ${mix}\n${USAGE}`);
  const parts = (values.has('only') ? list('only', '') : [...PARTS]).filter((part) => !list('skip', '').includes(part));
  for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`unknown part ${part}\n${USAGE}`);
  return {
    sizes,
    mixes: mixes as MixId[],
    parts: new Set(parts as Part[]),
    naiveMax: integer('naive-max', 1000),
    concurrency: integer('concurrency', DEFAULT_SETTINGS.concurrency),
    warmupReads: integer('warmup-reads', 5000),
    rounds: Math.max(1, integer('rounds', 5)),
    changedReads: integer('changed-reads', 10000),
    changedRounds: Math.max(1, integer('changed-rounds', 20)),
    changedMinRounds: Math.max(1, integer('changed-min-rounds', 3)),
    pauseMs: integer('pause-ms', 3000),
    naiveWarmupSources: 200,
    onceSizes,
    onceRuns: Math.max(1, integer('once-runs', 5)),
    onceCli: values.get('once-cli'),
    delayRepeats: integer('delay-repeats', 6),
    delaySources: integer('delay-sources', 100),
    profile: values.has('profile'),
    dbDir: values.get('db-dir'),
    workerFlags: (values.get('worker-flags') ?? '').split(' ').filter((flag) => flag !== ''),
    pgSizes,
    pgUrl,
    replicaSources: Math.max(1, integer('replica-sources', 500)),
    replicaTicks: Math.max(1, integer('replica-ticks', 6)),
  };
}
