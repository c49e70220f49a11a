import type { CycleCaseResult, FloorResult, MatcherResult, NaiveResult, StagesResult, StateSizeResult, StoriesResult } from '../cases/case-types.js';
import type { DelayResult } from '../cases/delay-case.js';
import type { OnceResults } from '../cases/once-case.js';
import type { BenchOptions } from '../plan/bench-options.js';
import type { MixId } from '../plan/mixes.js';
import type { PostgresResults, ReplicaResults } from '../run-postgres-cases.js';

export interface CycleRow {
  readonly sources: number;
  readonly mix: MixId;
  readonly label: string;
  /** Pause between two cycles (0: back to back). */
  readonly pauseMs: number;
  readonly veille: CycleCaseResult;
  /** All changed: the floor ran in the same run, its rounds taking turns with these cycles. */
  readonly tookTurnsWithFloor?: boolean;
}

export interface StateSizeAnalysis {
  /** Least-squares slope of live bytes against items seen, on the unbounded run. */
  readonly bytesPerItem: number;
  /** Coefficient of determination of that fit (1: perfectly linear). */
  readonly linearR2: number;
  /** Rows the bounded run may hold at most: sources x (items listed + items absent < retention). */
  readonly boundRows: number;
  readonly boundedMaxRows: number;
  /** Live bytes per cycle over the second half of each run. */
  readonly unboundedTailSlope: number;
  readonly boundedTailSlope: number;
}

export interface BenchResults {
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: {
    readonly node: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly platform: string;
  };
  readonly source: { readonly commit: string; readonly srcChanges: number };
  readonly options: Omit<BenchOptions, 'parts'> & { readonly parts: readonly string[] };
  readonly seeds: readonly { readonly sources: number; readonly result: CycleCaseResult }[];
  readonly cycles: readonly CycleRow[];
  readonly floors: readonly { readonly sources: number; readonly result: FloorResult }[];
  readonly naives: readonly { readonly sources: number; readonly result: NaiveResult }[];
  readonly matcher?: MatcherResult;
  readonly stories?: StoriesResult;
  readonly stages?: StagesResult;
  /** `veille once` as a whole process, beside a floor process (issue 16). */
  readonly once?: OnceResults;
  readonly delay?: DelayResult;
  readonly state?: { readonly unbounded: StateSizeResult; readonly bounded: StateSizeResult; readonly analysis: StateSizeAnalysis };
  /** SQLite and PostgreSQL cycles taking turns (issue 13). */
  readonly postgres?: PostgresResults;
  /** 1 vs 2 replicas on one PostgreSQL database (issue 13). */
  readonly replicas?: ReplicaResults;
  readonly targets: readonly TargetCheck[];
  /** Parts that failed (the others still ran). */
  readonly errors: readonly { readonly part: string; readonly message: string }[];
}

export interface TargetCheck {
  readonly target: string;
  readonly limit: string;
  readonly measured: string;
  /** undefined: not measured in this run. */
  readonly met: boolean | undefined;
}
