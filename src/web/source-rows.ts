import type { Settings, SourceConfig } from '../config/config-types.js';
import { nextDue, sourcePolicy, type IntervalReason } from '../cycle/source-interval.js';
import type { SourceRecord } from '../store/store.js';

/** One configured source as the Sources page shows it (plain data). */
export interface SourceRow {
  readonly name: string;
  /** `displayUrl`: as written in the config, `${VAR}` unreplaced. */
  readonly url: string;
  readonly health: 'new' | 'ok' | 'stale' | 'failing';
  readonly consecutiveFailures: number;
  readonly lastSuccessAt?: string;
  readonly lastError?: { readonly kind: string; readonly message: string; readonly at: string };
  readonly itemsSeen: number;
  /** After a failure, when the backoff lets it be read again; otherwise the next cycle. */
  readonly nextAttemptAt?: string;
  /** The effective interval (0: every cycle) and why, as `veille sources` shows it (src/cycle/source-interval.ts). */
  readonly intervalMs: number;
  readonly intervalReason: IntervalReason;
  /** From when a cycle reads it again (its interval or its backoff); absent: the next cycle. */
  readonly nextReadAt?: string;
}

const ORDER: Readonly<Record<SourceRow['health'], number>> = { failing: 0, stale: 1, new: 2, ok: 3 };

/** Rows for the configured sources: failing ones first (longest streak first), then stale, new, ok; by name within (pure). */
export function sourceRows(sources: readonly SourceConfig[], records: readonly SourceRecord[], settings: Pick<Settings, 'feedHints'> = {}): SourceRow[] {
  const byName = new Map(records.map((record) => [record.name, record]));
  const rows = sources.map((source): SourceRow => {
    const record = byName.get(source.name);
    const failures = record?.consecutiveFailures ?? 0;
    const due = nextDue(source, sourcePolicy(source, settings), record);
    const health: SourceRow['health'] =
      failures > 0 ? 'failing' : record === undefined || !record.seeded ? 'new' : record.health === 'stale' ? 'stale' : 'ok';
    return {
      name: source.name,
      url: source.displayUrl,
      health,
      consecutiveFailures: failures,
      ...(record?.lastSuccessAt === undefined ? {} : { lastSuccessAt: record.lastSuccessAt }),
      ...(failures > 0 && record?.lastError !== undefined ? { lastError: record.lastError } : {}),
      itemsSeen: record?.itemsSeen ?? 0,
      ...(record?.nextAttemptAt === undefined ? {} : { nextAttemptAt: record.nextAttemptAt }),
      intervalMs: due.intervalMs,
      intervalReason: due.reason,
      ...(due.dueAt === undefined ? {} : { nextReadAt: due.dueAt }),
    };
  });
  return rows.sort(
    (a, b) => ORDER[a.health] - ORDER[b.health] || b.consecutiveFailures - a.consecutiveFailures || a.name.localeCompare(b.name),
  );
}
