/**
 * How many whole rounds (cycles, or passes of a reference) a case runs before it measures, and how
 * many it measures. A daemon runs one cycle after another in one process, so its steady state is a
 * cycle that follows others: V8 has compiled the hot paths, the pools and prepared statements are
 * warm. Few sources need more rounds to get there than many (it is the number of source reads that
 * warms the code up, not the number of cycles).
 */
export interface Repetitions {
  readonly warmupRounds: number;
  readonly measuredRounds: number;
}

export interface RepetitionPolicy {
  /** Warm-up rounds run until at least this many source reads (one round at least). */
  readonly warmupReads: number;
  /** Measured rounds: at most this many... */
  readonly maxMeasuredRounds: number;
  /** ...and, for expensive rounds, no more than needed to cover this many reads... */
  readonly measuredReads?: number;
  /** ...but never fewer than this many (default 1): one long round is one sample of a noisy machine. */
  readonly minMeasuredRounds?: number;
}

export function repetitionsFor(sources: number, policy: RepetitionPolicy): Repetitions {
  if (!Number.isInteger(sources) || sources < 1) throw new RangeError(`sources must be a positive integer, got ${sources}`);
  const warmupRounds = Math.max(1, Math.ceil(policy.warmupReads / sources));
  const byReads = policy.measuredReads === undefined ? policy.maxMeasuredRounds : Math.ceil(policy.measuredReads / sources);
  const atLeast = Math.max(1, Math.min(policy.minMeasuredRounds ?? 1, policy.maxMeasuredRounds));
  const measuredRounds = Math.max(atLeast, Math.min(policy.maxMeasuredRounds, byReads));
  return { warmupRounds, measuredRounds };
}

/** The middle value (the lower of the two middle ones for an even count: an observed sample). */
export function medianIndex(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('no values');
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value || a.index - b.index);
  return order[Math.floor((order.length - 1) / 2)]?.index ?? 0;
}
