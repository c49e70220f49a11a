import type { FeedFailureKind } from '../errors/feed-failure-kind.js';
import type { SourceOutcome } from './source-outcome.js';

/** The summary of one cycle (`veille once --json` prints it). */
export interface CycleReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly sources: number;
  /** Sources that answered 200 with a body. */
  readonly fetched: number;
  readonly notModified: number;
  /** 200 with the same bytes as last time: not parsed. */
  readonly unchanged: number;
  /** Documents parsed (a 304 or an identical body costs none). */
  readonly parsed: number;
  readonly failed: number;
  /** Sources not tried this cycle (backing off after failures). */
  readonly skipped: number;
  /** Sources read for the first time (their items were recorded, not posted). */
  readonly seeded: number;
  /** Items never seen before. */
  readonly newItems: number;
  /** New items that matched a watch and may be posted. */
  readonly matched: number;
  /** Outbox entries created (one per destination and story). */
  readonly enqueued: number;
  readonly delivered: number;
  /** Outbox entries given up on this cycle (permanent errors, or not delivered within a day). */
  readonly deliveryFailures: number;
  /** Outbox entries still waiting (retries, disabled destinations). */
  readonly pending: number;
  /** Digest messages posted after the cycle (the digests that were due; see src/digest/). */
  readonly digestMessages: number;
  /** Collected items those digest messages held. */
  readonly digestItems: number;
  readonly failures: readonly { readonly source: string; readonly url: string; readonly kind: FeedFailureKind; readonly message: string }[];
}

/** Counts per-source outcomes (pure). */
export function summarizeSources(outcomes: readonly { readonly source: string; readonly url: string; readonly outcome: SourceOutcome }[]) {
  const counts = { fetched: 0, notModified: 0, unchanged: 0, parsed: 0, failed: 0, skipped: 0, seeded: 0, newItems: 0, matched: 0, enqueued: 0 };
  const failures: CycleReport['failures'][number][] = [];
  for (const { source, url, outcome } of outcomes) {
    switch (outcome.status) {
      case 'skipped':
        counts.skipped += 1;
        break;
      case 'not-modified':
        counts.notModified += 1;
        break;
      case 'unchanged':
        counts.fetched += 1;
        counts.unchanged += 1;
        break;
      case 'read':
        counts.fetched += 1;
        counts.parsed += 1;
        counts.newItems += outcome.newItems;
        counts.matched += outcome.matched;
        counts.enqueued += outcome.enqueued;
        if (outcome.seeding) counts.seeded += 1;
        break;
      case 'failed':
        counts.failed += 1;
        failures.push({ source, url, kind: outcome.kind, message: outcome.message });
        break;
    }
  }
  return { ...counts, failures };
}
