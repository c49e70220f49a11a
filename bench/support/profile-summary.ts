import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/** Self time of one function in a CPU profile. */
export interface HotFunction {
  readonly name: string;
  /** file:line, relative to node_modules or the checkout when possible. */
  readonly where: string;
  readonly selfMs: number;
  readonly selfShare: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  readonly top: readonly HotFunction[];
  /**
   * Inclusive time of veille's own functions (src/): the time with the function on the stack,
   * callees included, counted once per sample. Async functions count from each resumption.
   */
  readonly veilleInclusive: readonly HotFunction[];
  /** Self time grouped by package or veille folder (src/parse, sax, better-sqlite3, (gc)...). */
  readonly byArea: readonly { readonly area: string; readonly selfMs: number; readonly selfShare: number }[];
}

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Starts the V8 sampling profiler in this process; the returned function stops it and writes `file`. */
export async function startProfiler(file: string): Promise<() => Promise<ProfileSummary>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
    return summarizeProfile(profile, file);
  };
}

export function summarizeProfile(profile: CpuProfile, file: string, topCount = 20): ProfileSummary {
  const byNode = new Map<number, ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((nodeId, index) => {
    // timeDeltas[i] is the time before sample i; attribute the following delta to this sample.
    const delta = deltas[index + 1] ?? 0;
    selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + delta);
  });
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  for (const [nodeId, us] of selfUs) {
    const frame = byNode.get(nodeId)?.callFrame;
    if (frame === undefined) continue;
    totalUs += us;
    const where = `${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const key = `${name}@${where}`;
    const entry = functions.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const area = areaOf(frame.url, name);
    areas.set(area, (areas.get(area) ?? 0) + us);
  }
  const share = (us: number) => (totalUs === 0 ? 0 : us / totalUs);
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inclusive = new Map<string, { name: string; where: string; us: number }>();
  for (const [nodeId, us] of selfUs) {
    const counted = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parentOf.get(id)) {
      const frame = byNode.get(id)?.callFrame;
      if (frame === undefined || !frame.url.includes('/src/')) continue;
      const where = `${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
      const key = `${name}@${where}`;
      if (counted.has(key)) continue;
      counted.add(key);
      const entry = inclusive.get(key) ?? { name, where, us: 0 };
      entry.us += us;
      inclusive.set(key, entry);
    }
  }
  return {
    file,
    totalMs: totalUs / 1000,
    top: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topCount)
      .map((entry) => ({ name: entry.name, where: entry.where, selfMs: entry.us / 1000, selfShare: share(entry.us) })),
    veilleInclusive: [...inclusive.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, topCount)
      .map((entry) => ({ name: entry.name, where: entry.where, selfMs: entry.us / 1000, selfShare: share(entry.us) })),
    byArea: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, selfMs: us / 1000, selfShare: share(us) })),
  };
}

function shortUrl(url: string): string {
  if (url === '') return '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const src = url.lastIndexOf('/src/');
  if (src !== -1) return url.slice(src + 1);
  const bench = url.lastIndexOf('/bench/');
  if (bench !== -1) return url.slice(bench + 1);
  return url.replace(/^file:\/\//, '');
}

/** A coarse owner for a frame: a package, a veille folder, node internals, or V8 pseudo-frames. */
function areaOf(url: string, name: string): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1] !== undefined) return modules[1];
  const src = /\/src\/([^/]+)/.exec(url);
  if (src?.[1] !== undefined) return `src/${src[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] ?? ''}`;
  if (url.includes('/bench/')) return 'bench';
  return url;
}
