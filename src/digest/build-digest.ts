import { createHash } from 'node:crypto';
import type { Digest, DigestStory } from '../deliver/digest-message.js';
import type { DigestEntry } from '../store/store.js';

/** A digest and, per story in its order, the ids of the collected entries it shows. */
export interface BuiltDigest {
  readonly digest: Digest;
  readonly ids: readonly (readonly number[])[];
}

/**
 * The digests of claimed entries of one (watch, destination) (pure): one per period, oldest period
 * first (a digest a crash interrupted comes before the new one); in each, entries sharing a story
 * key are one story, stories and their lines newest first (by publication time).
 */
export function buildDigests(entries: readonly DigestEntry[], color?: number): BuiltDigest[] {
  const byPeriod = new Map<string, DigestEntry[]>();
  for (const entry of entries) {
    const period = entry.period ?? entry.collectedAt;
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), entry]);
  }
  return [...byPeriod].map(([period, group]) => {
    const sorted = [...group].sort((a, b) => published(b) - published(a) || b.id - a.id);
    const stories = new Map<string, DigestEntry[]>();
    for (const entry of sorted) stories.set(entry.item.storyKey, [...(stories.get(entry.item.storyKey) ?? []), entry]);
    const first = sorted[0];
    const digestStories: DigestStory[] = [...stories].map(([storyKey, lines]) => ({
      storyKey,
      lines: lines.map((entry) => ({ item: entry.item, source: entry.source, terms: entry.terms })),
    }));
    const key = createHash('sha256').update(`${first?.destination ?? ''}\n${first?.watch ?? ''}\n${period}`).digest('base64url');
    const itemColor = color ?? first?.color;
    return {
      digest: { watch: first?.watch ?? '', period, stories: digestStories, key, ...(itemColor === undefined ? {} : { color: itemColor }) },
      ids: [...stories.values()].map((lines) => lines.map((entry) => entry.id)),
    };
  });
}

function published(entry: DigestEntry): number {
  const time = Date.parse(entry.item.published);
  return Number.isNaN(time) ? Date.parse(entry.collectedAt) : time;
}
