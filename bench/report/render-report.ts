import type { CycleCaseResult, CycleCounts, RoundsSummary } from '../cases/case-types.js';
import type { Measurement } from '../support/measure.js';
import type { ProfileSummary } from '../support/profile-summary.js';
import { median, ONCE_CASE_LABELS, onceRatios } from '../cases/once-case.js';
import type { ProcessRun } from '../support/measure-process.js';
import type { BenchResults } from './bench-results.js';
import { floorRatio } from './targets.js';

/** A Markdown table (pasted as is into docs/benchmark.md). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const fixed = (value: number, digits: number) => value.toFixed(digits);
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const seconds = (ms: number) => fixed(ms / 1000, ms < 10_000 ? 2 : 1);

function counters(counts: CycleCounts): string {
  const parts = [`200:${counts.fetched}`, `304:${counts.notModified}`, `same:${counts.unchanged}`, `parsed:${counts.parsed}`, `new:${counts.newItems}`, `sent:${counts.delivered}`];
  if (counts.failed > 0) parts.push(`FAILED:${counts.failed} ${JSON.stringify(counts.failureKinds)}`);
  return parts.join(' ');
}

function measureCells(m: Measurement, sources: number): string[] {
  return [seconds(m.wallMs), fixed(m.cpuMs / sources, 3), seconds(m.cpuMs), fixed(m.peakRssMiB, 0)];
}

/** Rounds run (warm-up + measured), the spread of the measured ones and the first (cold) one, CPU ms per source. */
function roundCells(rounds: RoundsSummary | undefined, sources: number): string[] {
  if (rounds === undefined) return ['1', '', ''];
  const perSource = rounds.measured.map((sample) => sample.cpuMs / sources);
  const first = rounds.warmup[0];
  return [
    `${rounds.warmup.length} + ${rounds.measured.length}`,
    perSource.length > 1 ? `${fixed(Math.min(...perSource), 3)}–${fixed(Math.max(...perSource), 3)}` : '',
    first === undefined ? '' : fixed(first.cpuMs / sources, 3),
  ];
}

/** The main table: one row per (sources, case), veille rows with the floor and naive loop next to them. */
export function cycleTable(results: BenchResults): string {
  const rows: string[][] = [];
  const sizes = [...new Set([...results.cycles.map((row) => row.sources), ...results.floors.map((row) => row.sources)])].sort((a, b) => a - b);
  for (const sources of sizes) {
    const floor = results.floors.find((entry) => entry.sources === sources)?.result;
    const naive = results.naives.find((entry) => entry.sources === sources)?.result;
    const seed = results.seeds.find((entry) => entry.sources === sources)?.result;
    if (seed !== undefined) rows.push([int(sources), 'veille: seeding cycle (not steady state)', ...roundCells(undefined, sources), ...measureCells(seed.measurement, sources), '', '', counters(seed.counts)]);
    for (const row of results.cycles.filter((entry) => entry.sources === sources)) {
      const veille = row.veille.measurement;
      const cpuRatio = floorRatio(row, floor);
      const vsFloor = floor === undefined || cpuRatio === undefined ? '' : `${fixed(cpuRatio, 2)} / ${fixed(veille.wallMs / floor.measurement.wallMs, 2)}`;
      const naiveVs = naive === undefined || row.mix !== 'changed' ? '' : `${fixed(naive.measurement.cpuMs / veille.cpuMs, 2)} / ${fixed(naive.measurement.wallMs / veille.wallMs, 2)}`;
      rows.push([int(sources), `veille: ${row.label}`, ...roundCells(row.veille.rounds, sources), ...measureCells(veille, sources), vsFloor, naiveVs, counters(row.veille.counts)]);
    }
    if (floor !== undefined) rows.push([int(sources), 'floor: fetch + parseString, stateless', ...roundCells(floor.rounds, sources), ...measureCells(floor.measurement, sources), '1.00', '', `${int(floor.items)} items, ${fixed(floor.bodyBytes / 1024 / 1024, 0)} MiB decoded`]);
    if (naive !== undefined) rows.push([int(sources), 'naive: serial parseURL + match all', ...roundCells(undefined, sources), ...measureCells(naive.measurement, sources), '', '', `${int(naive.items)} items matched, ${naive.matchedItems} hits`]);
    else if (results.options.parts.includes('naive') && results.options.naiveMax < sources) rows.push([int(sources), 'naive: not run (capped)', '', '', '', '—', '—', '—', '—', '', '', `serial loop capped at ${int(results.options.naiveMax)} sources`]);
  }
  return markdownTable(
    [
      'sources', 'case', 'rounds: warm-up + measured', 'measured CPU ms/source: min–max', 'first round CPU ms/source',
      'wall s', 'CPU ms/source', 'CPU s', 'peak RSS MiB', 'veille/floor CPU / wall', 'naive/veille CPU / wall', 'cycle counters',
    ],
    rows,
  );
}

/** New connections to the feed server in the measured cycles (the last ones of the list). */
function connectionsCell(result: CycleCaseResult): string {
  const measured = (result.connectionsPerCycle ?? []).slice(-(result.rounds?.measured.length ?? 0));
  if (measured.length === 0) return '';
  const low = Math.min(...measured);
  const high = Math.max(...measured);
  return low === high ? String(low) : `${low}–${high}`;
}

/** Per-cycle costs that do not depend on what the feeds did: start-up, the prune scan, state size. */
export function fixedCostTable(results: BenchResults): string {
  const rows = results.cycles.map((row) => [
    int(row.sources),
    row.label,
    fixed(row.veille.startupMs, 0),
    row.veille.prune === undefined ? '' : `${fixed(row.veille.prune.wallMs, 0)} / ${fixed(row.veille.prune.cpuMs, 0)}`,
    row.veille.dbBytes === undefined ? '' : fixed(row.veille.dbBytes / 1024 / 1024, 1),
    fixed(row.veille.measurement.phasePeakHeapMiB, 0),
    `${row.veille.measurement.gc.major} / ${row.veille.measurement.gc.minor} / ${fixed(row.veille.measurement.gc.pauseMs, 0)}`,
    connectionsCell(row.veille),
  ]);
  return markdownTable(['sources', 'case', 'createApp ms', 'prune wall / CPU ms', 'state file MiB', 'peak V8 heap MiB', 'GCs in the median cycle: major / minor / pause ms', 'connections opened per measured cycle: min–max'], rows);
}

export function matcherTable(results: BenchResults): string {
  const rows = results.matcher?.rows ?? [];
  const base = rows[0]?.microsPerItem ?? 1;
  return markdownTable(
    ['matcher variant', 'terms', 'watches', 'items/s', 'µs/item', 'vs 3 terms', 'µs/item right after 2 major GCs', 'items with a term', 'items matched'],
    rows.map((row) => [
      row.variant,
      row.terms === 0 ? '(rule)' : String(row.terms),
      String(row.watches),
      int(row.itemsPerSecond),
      fixed(row.microsPerItem, 2),
      `${fixed(row.microsPerItem / base, 2)}x`,
      fixed(row.microsAfterMajorGcs, 0),
      `${fixed((100 * row.itemsWithHits) / row.items, 1)}%`,
      `${fixed(100 * row.matchedShare, 1)}%`,
    ]),
  );
}

export function storiesTable(results: BenchResults): string {
  const stories = results.stories;
  if (stories === undefined) return '';
  return markdownTable(
    ['window items', 'new items', 'ms per new item (match + add)', 'of which match', 'ms per window item (fill)', 'window memory MiB (heap + typed arrays)', 'new items attached', 'rounds'],
    [
      [
        int(stories.window),
        int(stories.newItems),
        fixed(stories.msPerNewItem, 4),
        fixed(stories.matchMsPerNewItem, 4),
        fixed(stories.fillMsPerItem, 4),
        fixed(stories.heapDeltaMiB, 1),
        `${fixed(100 * stories.attachedShare, 1)}%`,
        String(stories.rounds),
      ],
    ],
  );
}

export function stagesTable(results: BenchResults): string {
  const stages = results.stages;
  if (stages === undefined) return '';
  return markdownTable(
    ['group', 'stage', 'CPU µs per source', `wall ms for ${int(stages.sources)}`],
    stages.rows.map((row) => [row.group, row.stage, fixed(row.cpuUsPerSource, 0), fixed(row.wallMsTotal, 0)]),
  );
}

export function delayTable(results: BenchResults): string {
  const delay = results.delay;
  if (delay === undefined) return '';
  return markdownTable(
    ['sample', 'source', 'published → delivered s'],
    delay.samples.map((sample, index) => [String(index + 1), String(sample.source), fixed(sample.delayMs / 1000, 2)]),
  );
}

export function stateTable(results: BenchResults): string {
  const state = results.state;
  if (state === undefined) return '';
  const pick = (cycle: number) => [state.unbounded.points[cycle], state.bounded.points[cycle]] as const;
  const last = state.unbounded.points.length - 1;
  const cycles = [...new Set([0, 1, Math.round(last / 8), Math.round(last / 4), Math.round(last / 2), Math.round((3 * last) / 4), last])];
  const kib = (bytes: number | undefined) => (bytes === undefined ? '' : fixed(bytes / 1024, 0));
  return markdownTable(
    ['cycle', 'items seen', 'retention 90d: live KiB / db file KiB / seen rows', `retention ${fixed(state.bounded.retentionMs / 3_600_000, 1)} h: live KiB / db file KiB / seen rows`],
    cycles.map((cycle) => {
      const [a, b] = pick(cycle);
      return [
        String(cycle),
        int(a?.itemsSeen ?? 0),
        `${kib(a?.liveBytes)} / ${kib(a?.dbFileBytes)} / ${int(a?.seenItems ?? 0)}`,
        `${kib(b?.liveBytes)} / ${kib(b?.dbFileBytes)} / ${int(b?.seenItems ?? 0)}`,
      ];
    }),
  );
}

export function stateObjectsTable(results: BenchResults): string {
  const state = results.state;
  const last = state?.unbounded.points.at(-1);
  if (state === undefined || last === undefined || state.unbounded.bytesByObject.length === 0) return '';
  return markdownTable(
    ['table or index', 'KiB', 'bytes per item seen'],
    state.unbounded.bytesByObject.map((entry) => [entry.name, fixed(entry.bytes / 1024, 0), fixed(entry.bytes / last.itemsSeen, 0)]),
  );
}

export function targetTable(results: BenchResults): string {
  return markdownTable(
    ['target', 'limit', 'measured', 'met'],
    results.targets.map((check) => [check.target, check.limit, check.measured, check.met === undefined ? 'n/a' : check.met ? 'yes' : '**NO**']),
  );
}

export function profileText(label: string, result: CycleCaseResult | { profile?: ProfileSummary }): string {
  const profile = result.profile;
  if (profile === undefined) return '';
  const areas = profile.byArea.slice(0, 8).map((area) => `${area.area} ${fixed(100 * area.selfShare, 1)}%`).join(', ');
  const top = profile.top.slice(0, 12).map((fn) => `    ${fixed(100 * fn.selfShare, 1).padStart(5)}%  ${fixed(fn.selfMs, 0).padStart(6)} ms  ${fn.name}  (${fn.where})`);
  const inclusive = profile.veilleInclusive.slice(0, 12).map((fn) => `    ${fixed(100 * fn.selfShare, 1).padStart(5)}%  ${fixed(fn.selfMs, 0).padStart(6)} ms  ${fn.name}  (${fn.where})`);
  return [
    `  ${label}: ${fixed(profile.totalMs, 0)} ms sampled — ${profile.file}`,
    `    by area: ${areas}`,
    '    top self time:',
    ...top,
    '    veille functions, inclusive time:',
    ...inclusive,
  ].join('\n');
}

/** `veille once` as a process: medians of the measured processes, and veille/floor over the pairs. */
export function onceTable(results: BenchResults): string {
  const once = results.once;
  if (once === undefined) return '';
  const medianOf = (runs: readonly ProcessRun[], pick: (run: ProcessRun) => number) => median(runs.map(pick));
  const cells = (runs: readonly ProcessRun[], sources: number | undefined) => [
    seconds(medianOf(runs, (run) => run.wallMs)),
    int(medianOf(runs, (run) => run.cpuMs)),
    sources === undefined ? '' : fixed(medianOf(runs, (run) => run.cpuMs) / sources, 3),
    fixed(medianOf(runs, (run) => run.peakRssMiB), 0),
  ];
  const rows: string[][] = [
    ['', 'empty node process (`node -e 0`)', String(once.baseline.emptyNode.length), ...cells(once.baseline.emptyNode, undefined), '', ''],
    ['', 'veille start-up only (`veille --version`)', String(once.baseline.version.length), ...cells(once.baseline.version, undefined), '', ''],
  ];
  for (const size of once.sizes) {
    for (const result of size.cases) {
      const ratio = onceRatios(result);
      const veille = result.pairs.map((pair) => pair.veille);
      const floor = result.pairs.map((pair) => pair.floor);
      rows.push([
        int(size.sources),
        `veille once: ${ONCE_CASE_LABELS[result.id]}`,
        String(result.pairs.length),
        ...cells(veille, size.sources),
        `${fixed(ratio.cpu, 2)} / ${fixed(ratio.wall, 2)}`,
        `${fixed(ratio.pairMin, 2)}–${fixed(ratio.pairMax, 2)}`,
      ]);
      rows.push([
        int(size.sources),
        result.id === 'seeding' ? 'floor process: fetch + parseString' : 'floor process: conditional fetch (304)',
        String(result.pairs.length),
        ...cells(floor, size.sources),
        '1.00',
        '',
      ]);
    }
  }
  return markdownTable(
    ['sources', 'process', 'runs', 'wall s (median)', 'CPU ms (median)', 'CPU ms/source', 'peak RSS MiB', 'veille/floor CPU / wall (totals)', 'veille/floor CPU per pair: min–max'],
    rows,
  );
}
