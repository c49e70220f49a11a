import type { DigestPair, OrphanDigestCount } from './store.js';

/** Counts given-up items per (watch, destination), by watch then destination (pure, shared by the engines). */
export function countOrphans(rows: readonly DigestPair[]): OrphanDigestCount[] {
  const counts = new Map<string, OrphanDigestCount>();
  for (const { watch, destination } of rows) {
    const key = `${watch}\u0000${destination}`;
    const current = counts.get(key);
    counts.set(key, { watch, destination, count: (current?.count ?? 0) + 1 });
  }
  return [...counts.values()].sort((a, b) => (a.watch === b.watch ? compare(a.destination, b.destination) : compare(a.watch, b.watch)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
