import type { Logger } from '../log/logger.js';
import type { SourceReadOutcome, Store } from '../store/store.js';
import type { SourceOutcome } from './source-outcome.js';

/** How a read ended, as the chart of read durations keeps it; undefined for a source that was not read (backing off, shutdown). */
export function sourceReadOutcome(outcome: SourceOutcome): SourceReadOutcome | undefined {
  return outcome.status === 'skipped' ? undefined : outcome.status;
}

/**
 * Keeps the duration of a source's read for the web page's chart (see Store.recordSourceRead).
 * Never throws: losing a chart point is logged, it must not change the read's outcome.
 */
export async function recordSourceRead(
  deps: { readonly store: Pick<Store, 'recordSourceRead'>; readonly logger: Logger },
  read: { readonly source: string; readonly outcome: SourceOutcome; readonly at: Date; readonly durationMs: number },
): Promise<void> {
  const outcome = sourceReadOutcome(read.outcome);
  if (outcome === undefined) return;
  try {
    await deps.store.recordSourceRead({ source: read.source, at: read.at.toISOString(), durationMs: read.durationMs, outcome });
  } catch (error) {
    deps.logger.warn({ source: read.source, err: error }, 'could not keep the duration of this read for the web page');
  }
}
