import type { SourceHealth, SourceRecord } from '../store/store.js';
import type { SourceOutcome } from './source-outcome.js';

export interface HealthPolicy {
  /** Failing this many cycles in a row makes a source `failing`. */
  readonly alertAfterFailures: number;
  /** No new item for this long makes a source `stale` (0: never). */
  readonly staleAfterMs: number;
}

/** The facts health depends on, as they stand after a cycle. */
export interface HealthFacts {
  readonly consecutiveFailures: number;
  readonly lastNewItemAt: string | undefined;
}

/** What the store will hold after this outcome (pure; undefined when nothing changed: skipped). */
export function healthFactsAfter(before: SourceRecord | undefined, outcome: SourceOutcome, now: Date): HealthFacts | undefined {
  switch (outcome.status) {
    case 'skipped':
      return undefined;
    case 'failed':
      return { consecutiveFailures: (before?.consecutiveFailures ?? 0) + 1, lastNewItemAt: before?.lastNewItemAt };
    case 'read':
      return { consecutiveFailures: 0, lastNewItemAt: outcome.newItems > 0 ? now.toISOString() : before?.lastNewItemAt };
    case 'not-modified':
    case 'unchanged':
      return { consecutiveFailures: 0, lastNewItemAt: before?.lastNewItemAt };
  }
}

/** A source's health from its facts (pure). Failing wins over stale. */
export function assessHealth(facts: HealthFacts, policy: HealthPolicy, now: Date): SourceHealth {
  if (facts.consecutiveFailures >= policy.alertAfterFailures) return 'failing';
  if (policy.staleAfterMs > 0 && facts.lastNewItemAt !== undefined && now.getTime() - Date.parse(facts.lastNewItemAt) > policy.staleAfterMs) {
    return 'stale';
  }
  return 'ok';
}
