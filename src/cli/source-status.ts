import type { SourceConfig } from '../config/config-types.js';
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
}

export function sourceStatus(source: SourceConfig, record: SourceRecord | undefined): SourceStatus {
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
  };
}

/** A fixed-width table for a terminal (pure); times in `timeZone` (`--json` keeps ISO UTC). */
export function formatSourcesTable(statuses: readonly SourceStatus[], timeZone: string): string {
  const time = (iso: string | null) => (iso === null ? undefined : formatLocalTime(iso, timeZone));
  const rows = statuses.map((s) => [
    s.name,
    s.status === 'failing' ? `failing x${s.consecutiveFailures}` : s.status,
    time(s.lastSuccessAt) ?? '-',
    s.lastError === null ? '-' : `${s.lastError.kind}: ${s.lastError.message}`,
    String(s.itemsSeen),
    time(s.nextAttemptAt) ?? (s.status === 'failing' ? 'next cycle' : '-'),
  ]);
  const header = ['SOURCE', 'STATUS', 'LAST SUCCESS', 'LAST ERROR', 'ITEMS', 'NEXT ATTEMPT'];
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
