import { SOURCE_READS_KEPT, type NewItemCount, type ReadDuration, type SourceReadSeries } from '../store/store.js';
import { html, type Html } from './html.js';
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

/** The store's rows as the page draws them: per source, a count per day and its reads, oldest first. */
export function chartData(
  dayCount: number,
  counts: readonly NewItemCount[],
  series: readonly SourceReadSeries[],
): { readonly newItems: ReadonlyMap<string, readonly number[]>; readonly reads: ReadonlyMap<string, readonly ReadDuration[]> } {
  const newItems = new Map<string, number[]>();
  for (const { source, period, count } of counts) {
    let perDay = newItems.get(source);
    if (perDay === undefined) {
      perDay = Array.from({ length: dayCount }, () => 0);
      newItems.set(source, perDay);
    }
    if (period >= 0 && period < dayCount) perDay[period] = count;
  }
  return { newItems, reads: new Map(series.map(({ source, reads }) => [source, reads])) };
}

/** Chart height in SVG units; a bar is one unit wide, on a two-unit step. */
const HEIGHT = 24;

/**
 * The path of one bar per value (`M x bottom V top`), none where the value is undefined; heights
 * scaled to `largest`, at least one unit (a read of 0 ms still shows it happened).
 */
function barsPath(values: readonly (number | undefined)[], largest: number, offset = 0): string {
  let d = '';
  values.forEach((value, index) => {
    if (value === undefined) return;
    const top = HEIGHT - Math.max(1, largest > 0 ? Math.round((value / largest) * HEIGHT) : 0);
    d += `M${(offset + index) * 2 + 1} ${HEIGHT}V${top}`;
  });
  return d;
}

function chart(kind: string, width: number, label: string, caption: string, paths: readonly { readonly className: string; readonly d: string }[]): Html {
  return html`<span class="spark-caption">${caption}</span><svg class="spark ${kind}" viewBox="0 0 ${Math.max(width, 2)} ${HEIGHT}" preserveAspectRatio="none" role="img"><title>${label}</title>${paths
    .filter((path) => path.d !== '')
    .map((path) => html`<path class="${path.className}" d="${path.d}"/>`)}</svg>`;
}

/** New items per day: `counts[i]` items first seen on `days[i]`. */
export function newItemsChart(days: readonly string[], counts: readonly number[], t: Messages): Html {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const perDay = days.flatMap((day, index) => ((counts[index] ?? 0) > 0 ? [`${day}: ${counts[index]}`] : []));
  const label = t.newItemsChartLabel(days.length, total, perDay.join(', '));
  return chart('new-items', days.length * 2, label, t.newItemsCaption(total, days.length), [{ className: 'bar', d: barsPath(counts.map((count) => (count > 0 ? count : undefined)), Math.max(...counts, 0)) }]);
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
  const bars = (failedOnes: boolean) => barsPath(reads.map((read) => ((read.outcome === 'failed') === failedOnes ? read.durationMs : undefined)), longest, offset);
  return chart('reads', SOURCE_READS_KEPT * 2, label, t.readsCaption(reads.length, seconds(median)), [
    { className: 'bar', d: bars(false) },
    { className: 'bar failed', d: bars(true) },
  ]);
}
