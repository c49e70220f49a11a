import { medianIndex, type Repetitions } from '../plan/repetitions.js';
import { measure, type Measurement } from './measure.js';
import { startProfiler, type ProfileSummary } from './profile-summary.js';

/** What one round (a cycle, or a pass of a reference) cost. */
export interface RoundSample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly threads?: Measurement['threads'];
  readonly gc: Measurement['gc'];
  /** Highest RSS and V8 heap use sampled during the round: their trend across rounds shows a leak. */
  readonly peakRssMiB: number;
  readonly peakHeapMiB: number;
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

/**
 * A case that runs in rounds, one after the other in its process, as a daemon runs its cycles.
 * `before` prepares a round and `after` looks at it, both outside the measurement (e.g. the feed
 * server publishes new items, then tells how many connections the round opened).
 */
export interface RoundSession<T, R> {
  readonly before?: (round: number) => Promise<void>;
  readonly round: (round: number) => Promise<T>;
  readonly after?: (round: number) => Promise<void>;
  /** The case's result, once every round has run. */
  readonly finish: (rounds: RoundsResult<T>) => Promise<R>;
}

const sampleOf = (m: Measurement): RoundSample => ({
  wallMs: m.wallMs,
  cpuMs: m.cpuMs,
  ...(m.threads === undefined ? {} : { threads: m.threads }),
  gc: m.gc,
  peakRssMiB: m.phasePeakRssMiB,
  peakHeapMiB: m.phasePeakHeapMiB,
});

/**
 * Runs a session's rounds one at a time (the caller decides when) and measures each one: the first
 * `warmupRounds` are reported as warm-up, the others are measured; the last one can be CPU-profiled.
 * No garbage collection is forced between rounds (see measure()).
 */
export class RoundRecorder<T, R> {
  readonly #session: RoundSession<T, R>;
  readonly #repetitions: Repetitions;
  readonly #profileFile: string | undefined;
  readonly #warmup: RoundSample[] = [];
  readonly #measured: { value: T; measurement: Measurement }[] = [];
  #profile: ProfileSummary | undefined;

  constructor(session: RoundSession<T, R>, repetitions: Repetitions, profileFile?: string) {
    this.#session = session;
    this.#repetitions = repetitions;
    this.#profileFile = profileFile;
  }

  get total(): number {
    return this.#repetitions.warmupRounds + this.#repetitions.measuredRounds;
  }

  get done(): number {
    return this.#warmup.length + this.#measured.length;
  }

  /** Runs the next round; returns what it cost. */
  async next(): Promise<RoundSample> {
    const index = this.done;
    if (index >= this.total) throw new Error(`all ${this.total} rounds have run`);
    await this.#session.before?.(index);
    const profiled = index === this.total - 1 ? this.#profileFile : undefined;
    const stopProfiler = profiled === undefined ? undefined : await startProfiler(profiled);
    const result = await measure(() => this.#session.round(index));
    this.#profile = (await stopProfiler?.()) ?? this.#profile;
    await this.#session.after?.(index);
    const sample = sampleOf(result.measurement);
    if (index < this.#repetitions.warmupRounds) this.#warmup.push(sample);
    else this.#measured.push(result);
    return sample;
  }

  /** Runs the rounds left, then returns the session's result. */
  async finish(): Promise<R> {
    while (this.done < this.total) await this.next();
    const median = this.#measured[medianIndex(this.#measured.map((entry) => entry.measurement.cpuMs))];
    if (median === undefined) throw new Error('no measured round');
    const peakRssMiB = Math.max(...this.#measured.map((entry) => entry.measurement.peakRssMiB));
    return this.#session.finish({
      measurement: { ...median.measurement, peakRssMiB },
      value: median.value,
      samples: this.#measured.map((entry) => sampleOf(entry.measurement)),
      warmup: this.#warmup,
      ...(this.#profile === undefined ? {} : { profile: this.#profile }),
    });
  }
}
