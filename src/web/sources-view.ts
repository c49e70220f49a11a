import { feedText, html, type Html } from './html.js';
import type { ReadDuration } from '../store/store.js';
import { formatInterval, formatTime, type Locale, type Messages } from './i18n.js';
import { newItemsChart, readsChart, type DayCounts } from './source-charts.js';
import type { SourceRow } from './source-rows.js';

export interface CycleBar {
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface SourcesView {
  readonly rows: readonly SourceRow[];
  readonly cycles: readonly CycleBar[];
  /** The days of the new-items charts (oldest first) and, per source, the items first seen on each. */
  readonly days: readonly string[];
  readonly newItems: ReadonlyMap<string, DayCounts>;
  /** The last reads kept of each source, oldest first. */
  readonly reads: ReadonlyMap<string, readonly ReadDuration[]>;
  readonly timeZone: string;
  readonly redact: (text: string) => string;
}

/** The Sources page body (pure). */
export function sourcesBody(view: SourcesView, locale: Locale, t: Messages): Html {
  const time = (iso: string | undefined, missing: string) =>
    iso === undefined ? missing : html`<time datetime="${iso}">${formatTime(iso, locale, view.timeZone)}</time>`;
  const failing = view.rows.filter((row) => row.health === 'failing').length;
  const health = (row: SourceRow) =>
    row.health === 'failing' ? t.healthFailing(row.consecutiveFailures) : row.health === 'stale' ? t.healthStale : row.health === 'new' ? t.healthNew : t.healthOk;
  const interval = (row: SourceRow) =>
    row.intervalReason === 'schedule'
      ? t.intervalEachCycle
      : `${row.intervalMs === 0 ? t.intervalEachCycle : formatInterval(row.intervalMs, locale)} (${t.intervalReason(row.intervalReason)})`;
  const noItems: DayCounts = [];
  const rows = view.rows.map(
    (row) => html`<tr class="source" data-health="${row.health}">
<td data-label="${t.colSource}"><span class="feed-text">${feedText(row.name)}</span><span class="url feed-text">${feedText(row.url)}</span></td>
<td data-label="${t.colHealth}" class="health-${row.health}">${health(row)}</td>
<td data-label="${t.colLastSuccess}">${time(row.lastSuccessAt, t.never)}</td>
<td data-label="${t.colLastError}">${
      row.lastError === undefined
        ? t.none
        : html`<span class="error-kind">${row.lastError.kind}</span>: <span class="feed-text">${feedText(view.redact(row.lastError.message))}</span> <span class="muted">(${time(row.lastError.at, '')})</span>`
    }</td>
<td data-label="${t.colItemsSeen}" class="num">${row.itemsSeen}</td>
<td data-label="${t.colInterval}" class="interval">${interval(row)}</td>
<td data-label="${t.colNextRead}" class="next-read">${time(row.nextReadAt, t.nextCycle)}</td>
<td data-label="${t.colActivity}" class="activity">${newItemsChart(view.days, view.newItems.get(row.name) ?? noItems, t)}${readsChart(view.reads.get(row.name) ?? [], t)}</td>
</tr>`,
  );
  return html`<p class="summary">${t.sourcesSummary(view.rows.length, failing)}</p>
${cycleChart(view.cycles, t)}
<table class="cards sources">
<thead><tr><th>${t.colSource}</th><th>${t.colHealth}</th><th>${t.colLastSuccess}</th><th>${t.colLastError}</th><th class="num">${t.colItemsSeen}</th><th>${t.colInterval}</th><th>${t.colNextRead}</th><th>${t.colActivity}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** Durations of the last cycles as SVG bars (presentation attributes only: no inline style). */
function cycleChart(cycles: readonly CycleBar[], t: Messages): Html {
  if (cycles.length === 0) return html`<figure class="chart"><figcaption>${t.cycleChartTitle}</figcaption><p class="muted">${t.cycleChartEmpty}</p></figure>`;
  const width = 400;
  const height = 60;
  const longest = Math.max(...cycles.map((cycle) => cycle.durationMs), 1);
  const step = width / cycles.length;
  const bars = cycles.map((cycle, index) => {
    const barHeight = Math.max(1, Math.round((cycle.durationMs / longest) * height));
    return html`<rect x="${(index * step).toFixed(1)}" y="${height - barHeight}" width="${Math.max(1, step - 2).toFixed(1)}" height="${barHeight}"><title>${cycle.startedAt}: ${(cycle.durationMs / 1000).toFixed(2)} s</title></rect>`;
  });
  const label = t.cycleChartLabel(cycles.length, (longest / 1000).toFixed(2));
  return html`<figure class="chart"><figcaption>${t.cycleChartTitle}: ${label}</figcaption><svg viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="${label}">${bars}</svg></figure>`;
}
