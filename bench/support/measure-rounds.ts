import { medianIndex, type Repetitions } from '../plan/repetitions.js';
import { measure, type Measurement } from './measure.js';
import { startProfiler, type ProfileSummary } from './profile-summary.js';

/** What one round (a cycle, or a pass of a reference) cost. */
export interface RoundSample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly threads?: Measurement['threads'];
  readonly gc: Measurement['gc'];
}

export interface RoundsResult<T> {
  /** The median measured round by CPU time; its peak RSS is the process's peak after every round. */
  readonly measurement: Measurement;
  /** What the median round returned. */
  readonly value: T;
  /** Every measured round, in order. */
  readonly samples: readonly RoundSample[];
  /** Every warm-up round, in order: the first is the cold one (right after start-up). */
  readonly warmup: readonly RoundSample[];
  readonly profile?: ProfileSummary;
}

export interface RoundsOptions {
  /** Runs before each round, outside the measurement (e.g. the feed server publishes new items). */
  readonly beforeRound?: (round: number) => Promise<void>;
  /** CPU-profile the last measured round into this file. */
  readonly profileFile?: string;
}

const sampleOf = (m: Measurement): RoundSample => ({ wallMs: m.wallMs, cpuMs: m.cpuMs, ...(m.threads === undefined ? {} : { threads: m.threads }), gc: m.gc });

/**
 * Warm-up rounds, then measured rounds, one after the other in this process, as a daemon runs its
 * cycles. Every round is measured (the warm-up ones are reported, not used). No garbage collection
 * is forced between rounds (see measure()).
 */
export async function measureRounds<T>(repetitions: Repetitions, round: (index: number) => Promise<T>, options: RoundsOptions = {}): Promise<RoundsResult<T>> {
  const warmup: RoundSample[] = [];
  const measured: { value: T; measurement: Measurement }[] = [];
  let profile: ProfileSummary | undefined;
  const total = repetitions.warmupRounds + repetitions.measuredRounds;
  for (let index = 0; index < total; index += 1) {
    await options.beforeRound?.(index);
    const profiled = index === total - 1 && options.profileFile !== undefined;
    const stopProfiler = profiled && options.profileFile !== undefined ? await startProfiler(options.profileFile) : undefined;
    const result = await measure(() => round(index));
    profile = (await stopProfiler?.()) ?? profile;
    if (index < repetitions.warmupRounds) warmup.push(sampleOf(result.measurement));
    else measured.push(result);
  }
  const median = measured[medianIndex(measured.map((entry) => entry.measurement.cpuMs))];
  if (median === undefined) throw new Error('no measured round');
  const peakRssMiB = Math.max(...measured.map((entry) => entry.measurement.peakRssMiB));
  return {
    measurement: { ...median.measurement, peakRssMiB },
    value: median.value,
    samples: measured.map((entry) => sampleOf(entry.measurement)),
    warmup,
    ...(profile === undefined ? {} : { profile }),
  };
}
