import { describe, expect, it } from 'vitest';
import { DEFAULT_PG_URL, parseBenchOptions } from '../../bench/plan/bench-options.js';
import { changedSources } from '../../bench/plan/mixes.js';

describe('bench options of the postgres and replicas parts', () => {
  it('runs each part alone with --only', () => {
    expect([...parseBenchOptions(['--only=postgres']).parts]).toEqual(['postgres']);
    expect([...parseBenchOptions(['--only=replicas']).parts]).toEqual(['replicas']);
  });

  it('includes both parts by default, and --skip leaves them out', () => {
    const all = parseBenchOptions([]).parts;
    expect(all.has('postgres')).toBe(true);
    expect(all.has('replicas')).toBe(true);
    expect([...parseBenchOptions(['--only=postgres,replicas,cycles', '--skip=replicas']).parts]).toEqual(['postgres', 'cycles']);
  });

  it('has defaults for sizes, server, sources and ticks', () => {
    const options = parseBenchOptions([]);
    expect(options.pgSizes).toEqual([100, 1000]);
    expect(options.pgUrl).toBe(DEFAULT_PG_URL);
    expect(DEFAULT_PG_URL).toBe('postgres://postgres@127.0.0.1:5432/postgres');
    expect(options.replicaSources).toBe(500);
    expect(options.replicaTicks).toBe(6);
  });

  it('reads --pg-sizes, --pg-url, --replica-sources and --replica-ticks', () => {
    const options = parseBenchOptions(['--pg-sizes=100,2000', '--pg-url=postgresql://bench@db.internal:5433/postgres', '--replica-sources=1000', '--replica-ticks=3']);
    expect(options.pgSizes).toEqual([100, 2000]);
    expect(options.pgUrl).toBe('postgresql://bench@db.internal:5433/postgres');
    expect(options.replicaSources).toBe(1000);
    expect(options.replicaTicks).toBe(3);
  });

  it.each([
    [['--pg-sizes=0'], '--pg-sizes must list positive integers'],
    [['--pg-sizes=10,x'], '--pg-sizes must list positive integers'],
    [['--pg-url=mysql://localhost/db'], '--pg-url must be a postgres:// URL'],
    [['--replica-sources=-3'], '--replica-sources must be a non-negative integer'],
    [['--only=postgre'], 'unknown part postgre'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseBenchOptions(argv)).toThrow(message);
  });
});

describe('changedSources: what the parent published before a round', () => {
  it.each([
    // sources, every, round, changed
    [100, 1, 0, 100],
    [100, 1, 7, 100],
    [100, 100, 0, 1],
    [100, 100, 37, 1],
    [250, 100, 0, 3],
    [250, 100, 60, 3], // 40, 140, 240,
    [250, 100, 149, 2], // 51, 151,
    [50, 100, 0, 1],
    [50, 100, 30, 0],
  ])('%i sources, every %i, round %i: %i changed', (sources, every, round, changed) => {
    expect(changedSources(sources, every, round)).toBe(changed);
  });
});
