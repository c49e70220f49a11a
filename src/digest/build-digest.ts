import { createHash } from 'node:crypto';
import type { Digest, DigestStory } from '../deliver/digest-message.js';
import { createStoryIndex } from '../stories/index.js';
import type { DigestEntry } from '../store/store.js';

/** A digest and, per story in its order, the ids of the collected entries it shows. */
export interface BuiltDigest {
  readonly digest: Digest;
  readonly ids: readonly (readonly number[])[];
}

export interface BuildDigestOptions {
  readonly color?: number;
  /**
   * The watch's `stories:`. `group`: entries that tell one story (the story matcher, src/stories/,
   * over the digest's own items, oldest first) are one story of the digest, as later coverage is
   * attached to a first post; `off` (default here): only entries sharing a story key (the same link)
   * are.
   */
  readonly stories?: 'group' | 'off';
}

/**
 * The digests of claimed entries of one (watch, destination) (pure): one per period, oldest period
 * first (a digest a crash interrupted comes before the new one); in each, the entries of one story
 * (see `BuildDigestOptions.stories`) are grouped, stories and their lines newest first (by
 * publication time). A story's key is the story key of its oldest entry.
 */
export function buildDigests(entries: readonly DigestEntry[], options: BuildDigestOptions = {}): BuiltDigest[] {
  const { color } = options;
  const byPeriod = new Map<string, DigestEntry[]>();
  for (const entry of entries) {
    const period = entry.period ?? entry.collectedAt;
    byPeriod.set(period, [...(byPeriod.get(period) ?? []), entry]);
  }
  return [...byPeriod].map(([period, group]) => {
    const sorted = [...group].sort((a, b) => published(b) - published(a) || b.id - a.id);
    const storyOf = options.stories === 'group' ? storiesOf(sorted) : (entry: DigestEntry) => entry.item.storyKey;
    const stories = new Map<string, DigestEntry[]>();
    for (const entry of sorted) stories.set(storyOf(entry), [...(stories.get(storyOf(entry)) ?? []), entry]);
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

/**
 * The story of each entry of one digest: the entries are placed oldest first in a story index of
 * their own (no window limit: a digest covers its period), as the story stage places new items.
 */
function storiesOf(newestFirst: readonly DigestEntry[]): (entry: DigestEntry) => string {
  const index = createStoryIndex({ windowMs: Number.MAX_SAFE_INTEGER });
  const byKey = new Map<string, string>();
  for (const entry of [...newestFirst].reverse()) {
    const key = entry.item.storyKey;
    if (byKey.has(key)) continue;
    const item = { title: entry.item.title, summary: entry.item.summary, source: entry.item.source };
    const storyId = index.match(item, 0)?.storyId ?? key;
    index.add(item, storyId, 0);
    byKey.set(key, storyId);
  }
  return (entry) => byKey.get(entry.item.storyKey) ?? entry.item.storyKey;
}
