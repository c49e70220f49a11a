import { describe, expect, it } from 'vitest';
import { MAX_COUNT_PERIODS, SOURCE_READS_KEPT, type SourceRead, type SourceReadSeries } from '../../../src/store/store.js';
import { T0, T1, T2, T3, feedItem, success } from '../helpers/store-fixtures.js';
import type { ContractEngine } from './contract-engine.js';

const hour = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
const read = (source: string, at: string, durationMs: number, outcome: SourceRead['outcome'] = 'read'): SourceRead => ({ source, at, durationMs, outcome });
/** The series as `source: duration outcome, ...` lines. */
const lines = (series: readonly SourceReadSeries[]) => series.map(({ source, reads }) => `${source}: ${reads.map((r) => `${r.durationMs} ${r.outcome}`).join(', ')}`);

/** The web page's charts: new items per period, and the durations of the last reads of each source. */
export function sourceChartsContract(engine: ContractEngine): void {
  describe('source charts', () => {
    const open = () => engine.open();

    it('countNewItems counts each source\'s items by the period they were first seen in, bounds included at the start only', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a'), feedItem('lwn', 'b')]));
      await store.commitSourceSuccess(success('lwn', T1, [feedItem('lwn', 'a'), feedItem('lwn', 'c')]));
      await store.commitSourceSuccess(success('hn', T2, [feedItem('hn', 'x')]));
      await store.commitSourceSuccess(success('hn', T3, [feedItem('hn', 'y'), feedItem('hn', 'z')]));
      // Periods [T0, T1), [T1, T3), [T3, T3 + 1h): T3 is in the last one, nothing after it.
      expect(await store.countNewItems([T0, T1, T3, hour(T3, 1)])).toEqual([
        { source: 'hn', period: 1, count: 1 },
        { source: 'hn', period: 2, count: 2 },
        { source: 'lwn', period: 0, count: 2 },
        { source: 'lwn', period: 1, count: 1 },
      ]);
      // Items before the first bound or at the last one are not counted.
      expect(await store.countNewItems([T1, T3])).toEqual([
        { source: 'hn', period: 0, count: 1 },
        { source: 'lwn', period: 0, count: 1 },
      ]);
      // Bounds given with an offset mean the same instants.
      expect(await store.countNewItems(['2025-03-01T11:00:00+01:00', '2025-03-01T12:00:00+01:00'])).toEqual([{ source: 'lwn', period: 0, count: 2 }]);
    });

    it('countNewItems with fewer than two bounds counts nothing; bad bounds are refused', async () => {
      const { store } = await open();
      await store.commitSourceSuccess(success('lwn', T0, [feedItem('lwn', 'a')]));
      expect(await store.countNewItems([])).toEqual([]);
      expect(await store.countNewItems([T0])).toEqual([]);
      const refused = { name: 'StoreError', operation: 'countNewItems', kind: 'invalid-input' };
      await expect(store.countNewItems([T1, T0])).rejects.toMatchObject(refused);
      await expect(store.countNewItems([T0, T0])).rejects.toMatchObject(refused);
      await expect(store.countNewItems([T0, 'tomorrow'])).rejects.toMatchObject(refused);
      const tooMany = Array.from({ length: MAX_COUNT_PERIODS + 2 }, (_, index) => hour(T0, index));
      await expect(store.countNewItems(tooMany)).rejects.toMatchObject(refused);
      expect(await store.countNewItems(tooMany.slice(0, -1))).toEqual([{ source: 'lwn', period: 0, count: 1 }]);
    });

    it('recordSourceRead keeps each read; listSourceReads gives, per source, their durations and outcomes, oldest first, from `since`', async () => {
      const { store } = await open();
      await store.recordSourceRead(read('lwn', T1, 420));
      await store.recordSourceRead(read('lwn', T0, 1_250.4, 'failed'));
      await store.recordSourceRead(read('hn', '2025-03-01T13:00:00+01:00', 80, 'not-modified'));
      await store.recordSourceRead(read('hn', T3, 95, 'unchanged'));
      expect(await store.listSourceReads(T0)).toEqual([
        { source: 'hn', reads: [{ durationMs: 80, outcome: 'not-modified' }, { durationMs: 95, outcome: 'unchanged' }] },
        { source: 'lwn', reads: [{ durationMs: 1_250, outcome: 'failed' }, { durationMs: 420, outcome: 'read' }] },
      ]);
      expect(lines(await store.listSourceReads(T1))).toEqual(['hn: 80 not-modified, 95 unchanged', 'lwn: 420 read']);
      expect(lines(await store.listSourceReads(T2))).toEqual(['hn: 80 not-modified, 95 unchanged']);
      expect(await store.listSourceReads(hour(T3, 1))).toEqual([]);
    });

    it(`only the last ${SOURCE_READS_KEPT} reads of each source are kept`, async () => {
      const { store } = await open();
      for (let n = 0; n < SOURCE_READS_KEPT + 5; n += 1) await store.recordSourceRead(read('lwn', hour(T0, n), n));
      await store.recordSourceRead(read('hn', T0, 7));
      const series = await store.listSourceReads(T0);
      expect(lines(series.filter((r) => r.source === 'hn'))).toEqual(['hn: 7 read']);
      const lwn = series.find((r) => r.source === 'lwn')?.reads.map((r) => r.durationMs);
      expect(lwn).toEqual(Array.from({ length: SOURCE_READS_KEPT }, (_, n) => n + 5));
    });

    it('reads that ended at the same time are kept by order of recording, and an earlier late read goes first', async () => {
      const { store } = await open();
      // Two more than kept, all at T1; then one that ended before them (a clock step back) is the oldest.
      for (let n = 0; n < SOURCE_READS_KEPT + 2; n += 1) await store.recordSourceRead(read('lwn', T1, n));
      await store.recordSourceRead(read('lwn', T0, 999));
      const lwn = (await store.listSourceReads(T0)).find((r) => r.source === 'lwn')?.reads.map((r) => r.durationMs);
      expect(lwn).toEqual(Array.from({ length: SOURCE_READS_KEPT }, (_, n) => n + 2));
    });

    it('reads recorded at once (not awaited one by one) are all kept, the last of each source within the limit', async () => {
      const { store } = await open();
      await Promise.all([
        ...Array.from({ length: SOURCE_READS_KEPT + 3 }, (_, n) => store.recordSourceRead(read('lwn', hour(T0, n), n))),
        store.recordSourceRead(read('hn', T0, 7, 'not-modified')),
        store.recordSourceRead(read('hn', T1, 8, 'unchanged')),
      ]);
      const series = await store.listSourceReads(T0);
      expect(lines(series.filter((r) => r.source === 'hn'))).toEqual(['hn: 7 not-modified, 8 unchanged']);
      expect(series.find((r) => r.source === 'lwn')?.reads.map((r) => r.durationMs)).toEqual(Array.from({ length: SOURCE_READS_KEPT }, (_, n) => n + 3));
    });

    it('bad reads are refused', async () => {
      const { store } = await open();
      const refused = { name: 'StoreError', operation: 'recordSourceRead', kind: 'invalid-input' };
      await expect(store.recordSourceRead(read('lwn', 'now', 1))).rejects.toMatchObject(refused);
      await expect(store.recordSourceRead(read('lwn', T0, -1))).rejects.toMatchObject(refused);
      await expect(store.recordSourceRead({ ...read('lwn', T0, 1), outcome: 'skipped' as SourceRead['outcome'] })).rejects.toMatchObject(refused);
      await expect(store.listSourceReads('yesterday')).rejects.toMatchObject({ name: 'StoreError', operation: 'listSourceReads', kind: 'invalid-input' });
      expect(await store.listSourceReads(T0)).toEqual([]);
    });

    it('prune forgets the reads that ended before `before`', async () => {
      const { store } = await open();
      await store.recordSourceRead(read('lwn', T0, 1));
      await store.recordSourceRead(read('lwn', T2, 2));
      await store.recordSourceRead(read('hn', T1, 3));
      await store.prune(T2);
      expect(lines(await store.listSourceReads(T0))).toEqual(['lwn: 2 read']);
    });
  });
}
