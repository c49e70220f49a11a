import { SOURCE_READS_KEPT, type NewItemCount, type ReadDuration, type SourceReadSeries } from '../store/store.js';
import { html, trusted, type Html } from './html.js';
import type { Messages } from './i18n.js';
import { zonedDay, zonedDayEnd, zonedDayStart } from './zoned-day.js';

/**
 * The small charts of each source on the Sources page (pure): new items per day over the retention
 * window, and the duration of the last reads. Inline SVG, drawn here (no library, no script): each
 * chart is one `<path>` of vertical strokes, so a thousand sources stay a light page, with its
 * numbers in its `<title>` (the accessible name of an SVG with `role="img"`, and a tooltip) and a
 * short visible caption.
 */

/** The most days a chart shows (the retention may be longer). */
export const MAX_CHART_DAYS = 90;

export interface ChartDays {
  /** `YYYY-MM-DD` in the time zone, oldest first, today last. */
  readonly days: readonly string[];
  /** `days.length + 1` instants: each day's start, then the end of today (for Store.countNewItems). */
  readonly bounds: readonly string[];
}

/** The last `count` calendar days in `timeZone` up to the one of `nowMs` (pure). */
export function chartDays(nowMs: number, count: number, timeZone: string): ChartDays {
  const today = zonedDay(nowMs, timeZone);
  const days: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    days.push(new Date(Date.parse(`${today}T00:00:00.000Z`) - back * 86_400_000).toISOString().slice(0, 10));
  }
  const bounds = days.map((day) => new Date(zonedDayStart(day, timeZone)).toISOString());
  bounds.push(new Date(zonedDayEnd(today, timeZone)).toISOString());
  return { days, bounds };
}

/** How many days the charts show for a retention period: the whole of it, at least one day, at most MAX_CHART_DAYS. */
export function chartDayCount(retentionMs: number): number {
  return Math.min(MAX_CHART_DAYS, Math.max(1, Math.ceil(retentionMs / 86_400_000)));
}

/** Days with new items: `[day index, count]`, in day order (a source with none has none). */
export type DayCounts = readonly (readonly [number, number])[];

/** The store's rows as the page draws them: per source, its days with new items and its reads, oldest first. */
export function chartData(
  dayCount: number,
  counts: readonly NewItemCount[],
  series: readonly SourceReadSeries[],
): { readonly newItems: ReadonlyMap<string, DayCounts>; readonly reads: ReadonlyMap<string, readonly ReadDuration[]> } {
  const newItems = new Map<string, [number, number][]>();
  for (const { source, period, count } of counts) {
    if (period < 0 || period >= dayCount || count <= 0) continue;
    const days = newItems.get(source);
    if (days === undefined) newItems.set(source, [[period, count]]);
    else days.push([period, count]);
  }
  for (const days of newItems.values()) days.sort((a, b) => a[0] - b[0]);
  return { newItems, reads: new Map(series.map(({ source, reads }) => [source, reads])) };
}

/** Chart height in SVG units; bars are strokes (width in the stylesheet) on a two-unit step. */
const HEIGHT = 24;

/** One bar (`M x bottom V top`) at `index`, its height scaled to `largest`, at least one unit (a read of 0 ms still shows it happened). */
function bar(index: number, value: number, largest: number): string {
  return `M${index * 2 + 1} ${HEIGHT}V${HEIGHT - Math.max(1, largest > 0 ? Math.round((value / largest) * HEIGHT) : 0)}`;
}

function chart(kind: string, width: number, label: string, caption: string, paths: readonly { readonly className: string; readonly d: string }[]): Html {
  return html`<span class="spark-caption">${caption}</span><svg class="spark ${kind}" viewBox="0 0 ${Math.max(width, 2)} ${HEIGHT}" preserveAspectRatio="none" role="img"><title>${label}</title>${paths
    .filter((path) => path.d !== '')
    // Path data is digits and the letters M and V, made here: no escaping needed (a thousand charts' worth).
    .map((path) => html`<path class="${path.className}" d="${trusted(path.d)}"/>`)}</svg>`;
}

/**
 * New items per day: `counts` gives the days (indexes into `days`, today last) with items. Its title
 * sums them up (total, days with items, the busiest, today) rather than list up to 90 days.
 */
export function newItemsChart(days: readonly string[], counts: DayCounts, t: Messages): Html {
  let total = 0;
  let busiest: { day: string; count: number } | undefined;
  let today = 0;
  let d = '';
  const largest = counts.reduce((most, [, count]) => Math.max(most, count), 0);
  for (const [index, count] of counts) {
    total += count;
    // The earliest of equally busy days.
    if (busiest === undefined || count > busiest.count) busiest = { day: days[index] ?? '', count };
    if (index === days.length - 1) today = count;
    d += bar(index, count, largest);
  }
  const label = t.newItemsChartLabel(days.length, total, counts.length, busiest, today);
  return chart('new-items', days.length * 2, label, t.newItemsCaption(total, days.length), [{ className: 'bar', d }]);
}

/**
 * The last reads of a source, oldest first: one bar per read, its height the duration, the newest
 * on the right of a chart as wide as SOURCE_READS_KEPT reads (a new source's few bars stay thin);
 * failed reads stand out.
 */
export function readsChart(all: readonly ReadDuration[], t: Messages): Html {
  if (all.length === 0) return html`<span class="muted spark-empty">${t.readsChartEmpty}</span>`;
  const reads = all.slice(-SOURCE_READS_KEPT);
  const sorted = reads.map((read) => read.durationMs).sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  const longest = sorted.at(-1) ?? 0;
  const failed = reads.filter((read) => read.outcome === 'failed').length;
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const label = t.readsChartLabel(reads.length, seconds(median), seconds(longest), failed);
  // Two paths on one scale: a failed read's bar is as tall as its duration, in another colour.
  const offset = SOURCE_READS_KEPT - reads.length;
  let ok = '';
  let bad = '';
  reads.forEach((read, index) => {
    if (read.outcome === 'failed') bad += bar(offset + index, read.durationMs, longest);
    else ok += bar(offset + index, read.durationMs, longest);
  });
  return chart('reads', SOURCE_READS_KEPT * 2, label, t.readsCaption(reads.length, seconds(median)), [
    { className: 'bar', d: ok },
    { className: 'bar failed', d: bad },
  ]);
}
