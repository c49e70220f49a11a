import type { Settings, SourceConfig } from '../config/config-types.js';
import { nextDue, sourcePolicy, writeInterval, type IntervalReason } from '../cycle/source-interval.js';
import type { SourceRecord } from '../store/store.js';

/** One configured source as `veille sources` shows it (plain data; `--json` prints these). */
export interface SourceStatus {
  readonly name: string;
  readonly url: string;
  /** `new`: never read; `ok`; `failing`: last attempt failed. */
  readonly status: 'new' | 'ok' | 'failing';
  readonly lastSuccessAt: string | null;
  readonly lastError: { readonly kind: string; readonly message: string; readonly at: string } | null;
  readonly consecutiveFailures: number;
  readonly itemsSeen: number;
  readonly nextAttemptAt: string | null;
  /** The source's effective interval in seconds (null: every tick of the schedule)... */
  readonly intervalSeconds: number | null;
  /** ...and why: `schedule`, `every`, a feed hint (`ttl`, `update-period`, `max-age`), or `backoff` after failures. */
  readonly intervalReason: IntervalReason;
  /** From when the next tick reads it (null: the next tick). */
  readonly nextReadAt: string | null;
  /** The replica that read it last (PostgreSQL replicas; null: none recorded, as on SQLite). */
  readonly lastReadBy: string | null;
}

export function sourceStatus(source: SourceConfig, record: SourceRecord | undefined, settings: Pick<Settings, 'feedHints'> = {}): SourceStatus {
  const due = nextDue(source, sourcePolicy(source, settings), record);
  const failing = (record?.consecutiveFailures ?? 0) > 0;
  return {
    name: source.name,
    url: source.displayUrl,
    status: record === undefined || (!record.seeded && !failing) ? 'new' : failing ? 'failing' : 'ok',
    lastSuccessAt: record?.lastSuccessAt ?? null,
    lastError: failing && record?.lastError !== undefined ? record.lastError : null,
    consecutiveFailures: record?.consecutiveFailures ?? 0,
    itemsSeen: record?.itemsSeen ?? 0,
    nextAttemptAt: record?.nextAttemptAt ?? null,
    intervalSeconds: due.intervalMs === 0 ? null : Math.round(due.intervalMs / 1000),
    intervalReason: due.reason,
    nextReadAt: due.dueAt ?? null,
    lastReadBy: record?.lastReadBy ?? null,
  };
}

/** `1h`, `30m`, `1h30m`, `45s`, `1d`: an interval in its largest whole units. */
export function formatInterval(seconds: number): string {
  return writeInterval(seconds);
}

/**
 * A fixed-width table for a terminal (pure); times in `timeZone` (`--json` keeps ISO UTC). A READ BY
 * column when replicas recorded who read the sources.
 */
export function formatSourcesTable(statuses: readonly SourceStatus[], timeZone: string): string {
  const time = (iso: string | null) => (iso === null ? undefined : formatLocalTime(iso, timeZone));
  const replicas = statuses.some((s) => s.lastReadBy !== null);
  const rows = statuses.map((s) => [
    s.name,
    s.status === 'failing' ? `failing x${s.consecutiveFailures}` : s.status,
    time(s.lastSuccessAt) ?? '-',
    s.lastError === null ? '-' : `${s.lastError.kind}: ${s.lastError.message}`,
    String(s.itemsSeen),
    `${s.intervalSeconds === null ? 'each tick' : formatInterval(s.intervalSeconds)} (${s.intervalReason})`,
    time(s.nextReadAt) ?? 'next tick',
    ...(replicas ? [s.lastReadBy ?? '-'] : []),
  ]);
  const header = ['SOURCE', 'STATUS', 'LAST SUCCESS', 'LAST ERROR', 'ITEMS', 'INTERVAL', 'NEXT READ', ...(replicas ? ['READ BY'] : [])];
  const widths = header.map((title, column) => Math.min(column === 3 ? 60 : 40, Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const text = cell.length > width ? `${cell.slice(0, width - 1)}…` : cell;
        return column === cells.length - 1 ? text : text.padEnd(width);
      })
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `2026-12-05 15:04 CET`: an ISO time as a person in `timeZone` reads it. */
export function formatLocalTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']} ${parts['timeZoneName']}`;
}
