import type { PostgresResults, ReplicaResults } from '../run-postgres-cases.js';
import { median } from '../run-postgres-cases.js';

const ms = (value: number, sources: number) => (value / sources).toFixed(3);
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;

/** SQLite beside PostgreSQL, per size and case: CPU ms per source of veille's process (median cycle), PostgreSQL server's backends beside it. */
export function postgresTable(results: PostgresResults): string {
  const lines = [
    '| sources | case | SQLite CPU ms/source | PostgreSQL CPU ms/source | PG / SQLite | PG server CPU ms/source | SQLite wall | PostgreSQL wall |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const size of results.sizes) {
    const rows = [{ label: 'seeding', sqlite: size.seeding.sqlite, postgres: size.seeding.postgres, warmup: 0 }, ...size.cases.map((entry) => ({ ...entry, warmup: entry.postgres.rounds?.warmup.length ?? 0 }))];
    for (const row of rows) {
      const server = row.postgres.serverCpuMs === undefined ? '—' : ms(median(row.postgres.serverCpuMs.slice(row.warmup)), size.sources);
      lines.push(
        `| ${size.sources.toLocaleString('en-US')} | ${row.label} | ${ms(row.sqlite.measurement.cpuMs, size.sources)} | ${ms(row.postgres.measurement.cpuMs, size.sources)} | ` +
          `${(row.postgres.measurement.cpuMs / row.sqlite.measurement.cpuMs).toFixed(2)} | ${server} | ${seconds(row.sqlite.measurement.wallMs)} | ${seconds(row.postgres.measurement.wallMs)} |`,
      );
    }
  }
  return lines.join('\n');
}

/** 1 vs 2 replicas per tick: wall time, CPU, and feed reads per source (must be exactly 1). */
export function replicasTable(results: ReplicaResults): string {
  const lines = [
    '| sources | case, measured ticks | reads per source per tick (1 replica / 2 replicas) | tick wall, 1 replica (median) | tick wall, 2 replicas (median) | 2 / 1 | CPU ms/source, 1 / 2 replicas (sum) | PG server CPU ms/source, 1 / 2 |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const entry of results.cases) {
    const reads = (min: readonly number[], max: readonly number[]) => (Math.min(...min) === Math.max(...max) ? String(Math.min(...min)) : `${Math.min(...min)}..${Math.max(...max)}`);
    const oneWall = median(entry.ticks.map((tick) => tick.oneWallMs));
    const twoWall = median(entry.ticks.map((tick) => tick.twoWallMs));
    lines.push(
      `| ${entry.sources.toLocaleString('en-US')} | ${entry.label}, ${entry.ticks.length} | ` +
        `${reads(entry.ticks.map((tick) => tick.oneReadsMin), entry.ticks.map((tick) => tick.oneReadsMax))} / ${reads(entry.ticks.map((tick) => tick.twoReadsMin), entry.ticks.map((tick) => tick.twoReadsMax))} | ` +
        `${oneWall.toFixed(0)} ms | ${twoWall.toFixed(0)} ms | ${(twoWall / oneWall).toFixed(2)} | ` +
        `${ms(median(entry.ticks.map((tick) => tick.oneCpuMs)), entry.sources)} / ${ms(median(entry.ticks.map((tick) => tick.twoCpuMs)), entry.sources)} | ` +
        `${ms(median(entry.oneServerCpuMs), entry.sources)} / ${ms(median(entry.twoServerCpuMs), entry.sources)} |`,
    );
  }
  return lines.join('\n');
}
