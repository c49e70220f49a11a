import { describe, expect, it } from 'vitest';
import { messages } from '../../src/web/i18n.js';
import { chartData, chartDayCount, chartDays, MAX_CHART_DAYS, newItemsChart, readsChart } from '../../src/web/source-charts.js';
import type { ReadDuration } from '../../src/store/store.js';

const en = messages('en');
const fr = messages('fr');
const read = (durationMs: number, outcome: ReadDuration['outcome'] = 'read'): ReadDuration => ({ durationMs, outcome });

describe('source charts', () => {
  it('chartDays: the last N local days, each bounded by its local midnight (a 23-hour day at the spring clock change)', () => {
    expect(chartDays(Date.parse('2026-03-30T10:00:00.000Z'), 3, 'Europe/Paris')).toEqual({
      days: ['2026-03-28', '2026-03-29', '2026-03-30'],
      bounds: ['2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
    });
    // 23:30 UTC is already the next day in Paris.
    expect(chartDays(Date.parse('2026-01-10T23:30:00.000Z'), 1, 'Europe/Paris').days).toEqual(['2026-01-11']);
    expect(chartDays(Date.parse('2026-01-10T23:30:00.000Z'), 1, 'UTC')).toEqual({ days: ['2026-01-10'], bounds: ['2026-01-10T00:00:00.000Z', '2026-01-11T00:00:00.000Z'] });
  });

  it.each([
    [90 * 86_400_000, 90],
    [7 * 86_400_000, 7],
    [36 * 3_600_000, 2],
    [3_600_000, 1],
    [365 * 86_400_000, MAX_CHART_DAYS],
  ])('chartDayCount(%i) = %i', (retentionMs, days) => {
    expect(chartDayCount(retentionMs)).toBe(days);
  });

  it('chartData: per source its days with items in day order (outside the window left out), and its reads', () => {
    const data = chartData(3, [{ source: 'a', period: 2, count: 5 }, { source: 'a', period: 0, count: 2 }, { source: 'b', period: 1, count: 1 }, { source: 'b', period: 3, count: 9 }], [
      { source: 'a', reads: [read(20)] },
      { source: 'b', reads: [read(10), read(30)] },
    ]);
    expect(Object.fromEntries(data.newItems)).toEqual({ a: [[0, 2], [2, 5]], b: [[1, 1]] });
    expect([...data.reads].map(([source, reads]) => [source, reads.map((r) => r.durationMs)])).toEqual([['a', [20]], ['b', [10, 30]]]);
  });

  it('newItemsChart: one bar per day with items, scaled to the busiest day; its numbers summed up in its title', () => {
    const svg = newItemsChart(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'], [[0, 2], [2, 8], [3, 1]], en).toString();
    const label = 'New items per day, last 4 days: 11 in all, on 3 days; most 8 on 2026-03-03; today 1';
    expect(svg).toBe(
      '<span class="spark-caption">11 new in 4 days</span>' +
      `<svg class="spark new-items" viewBox="0 0 8 24" preserveAspectRatio="none" role="img"><title>${label}</title><path class="bar" d="M1 24V18M5 24V0M7 24V21"/></svg>`,
    );
    expect(newItemsChart(['2026-03-01', '2026-03-02'], [], fr).toString()).toBe(
      '<span class="spark-caption">0 nouveau en 2 jours</span><svg class="spark new-items" viewBox="0 0 4 24" preserveAspectRatio="none" role="img"><title>Nouveaux articles par jour, 2 derniers jours : aucun</title></svg>',
    );
  });

  it('newItemsChart in French, the earliest of equally busy days, nothing today', () => {
    expect(newItemsChart(['2026-03-01', '2026-03-02', '2026-03-03'], [[0, 4], [1, 4]], fr).toString()).toContain(
      '<title>Nouveaux articles par jour, 3 derniers jours : 8 en tout, sur 2 jours ; au plus 4 le 2026-03-01 ; aujourd’hui 0</title>',
    );
  });

  it('readsChart: one bar per read on one scale, the newest on the right, failed ones in their own path; median, longest and failures in the label', () => {
    const svg = readsChart([read(500), read(2_000, 'failed'), read(0, 'not-modified'), read(1_000, 'unchanged')], en).toString();
    const label = 'Last 4 reads: median 0.50 s, longest 2.00 s, 1 failed';
    // As wide as the 48 reads kept: these four are the last four places.
    expect(svg).toBe(
      '<span class="spark-caption">4 reads, median 0.50 s</span>' +
      `<svg class="spark reads" viewBox="0 0 96 24" preserveAspectRatio="none" role="img"><title>${label}</title><path class="bar" d="M89 24V18M93 24V23M95 24V12"/><path class="bar failed" d="M91 24V0"/></svg>`,
    );
    expect(readsChart([read(1_234)], fr).toString()).toContain('<title>Dernière lecture : médiane 1.23 s, la plus longue 1.23 s, 0 en échec</title>');
    expect(readsChart([], en).toString()).toBe('<span class="muted spark-empty">No read recorded yet.</span>');
  });
});
