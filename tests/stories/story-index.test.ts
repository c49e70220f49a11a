import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createStoryIndex, DEFAULT_STORY_WINDOW_MS, type StoryItem } from '../../src/stories/index.js';

const HOUR = 3_600_000;
const numspot: StoryItem = { title: 'NumSpot obtient la qualification SecNumCloud', summary: 'Le cloud souverain de Docaposte est qualifié.', source: 'Journal du Net' };
const numspotAgain: StoryItem = { title: 'Cloud de confiance : NumSpot décroche le visa SecNumCloud de l’Anssi', summary: 'La coentreprise emmenée par Docaposte franchit une étape.', source: 'L’Usine Digitale' };
const cloudTemple: StoryItem = { title: 'Cloud Temple étend sa qualification SecNumCloud au PaaS', summary: 'L’hébergeur ajoute des services managés qualifiés.' };

describe('story index', () => {
  it('attaches a rewrite to the story of the first item, and explains why', () => {
    const index = createStoryIndex();
    index.add(numspot, 'story-1', 0);
    const match = index.match(numspotAgain, HOUR);
    expect(match?.storyId).toBe('story-1');
    expect(match?.explanation.decision).toBe('same-story');
    expect(match?.explanation.sharedNames).toEqual(['NumSpot', 'SecNumCloud', 'Docaposte']);
    expect(match?.score).toBe(match?.explanation.score);
  });

  it('does not attach another company’s news', () => {
    const index = createStoryIndex();
    index.add(numspot, 'story-1', 0);
    expect(index.match(cloudTemple, HOUR)).toBeUndefined();
    expect(index.nearest(cloudTemple, HOUR)?.explanation.reason).toBe('names-conflict');
  });

  it('matches nothing in an empty window, and nothing that shares no term', () => {
    const index = createStoryIndex();
    expect(index.match(numspot, 0)).toBeUndefined();
    expect(index.nearest(numspot, 0)).toBeUndefined();
    index.add(numspot, 'story-1', 0);
    expect(index.nearest({ title: 'Huawei présente son premier PC sous HarmonyOS', summary: '' }, 0)).toBeUndefined();
  });

  it('defaults to a 48-hour window: an item added earlier than that no longer attaches', () => {
    expect(DEFAULT_STORY_WINDOW_MS).toBe(48 * HOUR);
    const index = createStoryIndex();
    index.add(numspot, 'story-1', 0);
    expect(index.match(numspotAgain, 48 * HOUR)?.storyId).toBe('story-1');
    expect(index.match(numspotAgain, 48 * HOUR + 1)).toBeUndefined();
  });

  it('takes its window from the options', () => {
    const index = createStoryIndex({ windowMs: HOUR });
    index.add(numspot, 'story-1', 0);
    expect(index.match(numspotAgain, HOUR)?.storyId).toBe('story-1');
    expect(index.match(numspotAgain, HOUR + 1)).toBeUndefined();
  });

  // Times need not come in order (a replica's items, a window loaded from the store): a match
  // skips every item older than the window, wherever it sits in the order of adds.
  it.each([
    { name: 'in order', times: [0, 10, 20], at: 50, expected: 'story-10' },
    { name: 'an older item added last', times: [10, 20, 0], at: 50, expected: 'story-10' },
    { name: 'an older item added in the middle', times: [10, 0, 20], at: 50, expected: 'story-10' },
    { name: 'a newer item added first', times: [30, 0, 10], at: 50, expected: 'story-30' },
    { name: 'every item too old', times: [1, 0, 1], at: 50, expected: undefined },
  ])('skips the items older than the window whatever their order: $name', ({ times, at, expected }) => {
    const index = createStoryIndex({ windowMs: 40 * HOUR });
    for (const time of times) index.add(numspot, `story-${time}`, time * HOUR);
    expect(index.match(numspotAgain, at * HOUR)?.storyId).toBe(expected);
  });

  it('evicts the items added before a time, and only those', () => {
    const index = createStoryIndex();
    index.add(numspot, 'story-1', 0);
    index.add(cloudTemple, 'story-2', 10 * HOUR);
    expect(index.size).toBe(2);
    expect(index.evict(5 * HOUR)).toBe(1);
    expect(index.size).toBe(1);
    expect(index.match(numspotAgain, 2 * HOUR)).toBeUndefined();
    expect(index.match({ title: 'Cloud Temple étend sa qualification SecNumCloud à son PaaS', summary: '' }, 11 * HOUR)?.storyId).toBe('story-2');
    expect(index.evict(5 * HOUR)).toBe(0);
    expect(index.evict(11 * HOUR)).toBe(1);
    expect(index.size).toBe(0);
    expect(index.nearest(cloudTemple, 11 * HOUR)).toBeUndefined();
  });

  it('forgets evicted items’ words: a story added again after eviction scores as in a fresh index', () => {
    const fresh = createStoryIndex();
    fresh.add(numspot, 'story-1', 100 * HOUR);
    const reused = createStoryIndex();
    reused.add(cloudTemple, 'old', 0);
    reused.add(numspotAgain, 'old-2', 0);
    reused.evict(1);
    reused.add(numspot, 'story-1', 100 * HOUR);
    expect(reused.match(numspotAgain, 101 * HOUR)).toEqual(fresh.match(numspotAgain, 101 * HOUR));
  });

  it('adds an item as a fresh index would when an eviction or another add came between its match and its add', () => {
    const fresh = createStoryIndex();
    fresh.add(numspot, 'story-1', 100 * HOUR);
    fresh.add(cloudTemple, 'story-2', 100 * HOUR);
    const evicted = createStoryIndex();
    evicted.add(numspotAgain, 'old', 0);
    evicted.match(numspot, 100 * HOUR);
    evicted.evict(1);
    evicted.add(numspot, 'story-1', 100 * HOUR);
    evicted.add(cloudTemple, 'story-2', 100 * HOUR);
    const interleaved = createStoryIndex();
    interleaved.match(numspot, 100 * HOUR);
    interleaved.match(cloudTemple, 100 * HOUR);
    interleaved.add(numspot, 'story-1', 100 * HOUR);
    interleaved.add(cloudTemple, 'story-2', 100 * HOUR);
    const expected = fresh.nearest(numspotAgain, 101 * HOUR);
    expect(expected?.storyId).toBe('story-1');
    expect(evicted.nearest(numspotAgain, 101 * HOUR)).toEqual(expected);
    expect(interleaved.nearest(numspotAgain, 101 * HOUR)).toEqual(expected);
    expect(evicted.match(numspotAgain, 101 * HOUR)).toEqual(fresh.match(numspotAgain, 101 * HOUR));
  });

  it('breaks ties by the order items were added', () => {
    const index = createStoryIndex();
    index.add(numspot, 'first', 0);
    index.add(numspot, 'second', 0);
    expect(index.match(numspotAgain, HOUR)?.storyId).toBe('first');
  });

  it('is deterministic: the same calls give the same answers', () => {
    const run = () => {
      const index = createStoryIndex();
      const answers: unknown[] = [];
      [numspot, cloudTemple, numspotAgain].forEach((item, position) => {
        const match = index.match(item, position * HOUR);
        answers.push(match ?? null);
        index.add(item, match?.storyId ?? `story-${position}`, position * HOUR);
      });
      return answers;
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.map((answer) => (answer as { storyId?: string } | null)?.storyId ?? null)).toEqual([null, null, 'story-0']);
  });

  it('explains a match read late (after its candidate left the window and other items came) as it would have right away', () => {
    const run = (readLate: boolean): unknown => {
      const index = createStoryIndex({ windowMs: 3 * HOUR });
      index.add(numspot, 'story-0', 0);
      const match = index.match(numspotAgain, HOUR);
      const early: unknown = readLate ? undefined : JSON.parse(JSON.stringify(match));
      index.add(numspotAgain, match?.storyId ?? 'story-1', HOUR);
      // The candidate leaves: the terms only it had are dropped, and their ids go to the next items' terms.
      expect(index.evict(HOUR / 2)).toBe(1);
      index.add(cloudTemple, 'story-2', 2 * HOUR);
      index.match(cloudTemple, 2 * HOUR);
      // Enough items through a small window that the slab room the candidate's facts had is written again.
      for (let i = 0; i < 1_500; i += 1) {
        const at = 3 * HOUR + i * 60_000;
        index.add({ title: `Docaposte et l’Anssi : NumSpot ${i} qualifié`, summary: `Cloud souverain numéro ${i}, SecNumCloud ${i % 7}` }, `filler-${i}`, at);
        index.evict(at - 10 * 60_000);
      }
      return readLate ? JSON.parse(JSON.stringify(match)) : early;
    };
    const early = run(false);
    expect((early as { storyId?: string }).storyId).toBe('story-0');
    expect(run(true)).toEqual(early);
  });

  it('gives a term that was in most of the window its posting back once it is rare again: the answers of an index that saw only the items left', () => {
    // A pseudo-word of letters (no digits: no figures; lower case: no names).
    const word = (n: number): string => {
      let text = 'z';
      for (let rest = n + 26 * 26; rest > 0; rest = Math.floor(rest / 26)) text += String.fromCharCode(0x61 + (rest % 26));
      return text;
    };
    // `souveraineté` in 1,000 items (its posting is dropped past 800, rebuilt at 400), then 150 left.
    const items: StoryItem[] = Array.from({ length: 1_000 }, (_, i) => ({
      title: `souveraineté ${word(i % 37)} ${word(100 + (i % 53))} ${word(200 + i)}`,
      summary: `hébergement ${word(2_000 + (i % 11))} ${word(3_000 + i)}`,
    }));
    const windowMs = 10 * HOUR;
    const evicted = createStoryIndex({ windowMs });
    items.forEach((item, i) => evicted.add(item, `story-${i}`, i));
    expect(evicted.evict(850)).toBe(850);
    const fresh = createStoryIndex({ windowMs });
    items.slice(850).forEach((item, k) => fresh.add(item, `story-${850 + k}`, 850 + k));
    const probes: StoryItem[] = [
      // Found through the common word's posting only (its other words are new).
      { title: `souveraineté ${word(9_001)} ${word(9_002)}`, summary: '' },
      { title: `souveraineté ${word(5)} ${word(105)} ${word(9_003)}`, summary: `hébergement ${word(2_005)}` },
      { title: `${word(900)} souveraineté ${word(200 + 900)}`, summary: `${word(3_000 + 900)}` },
    ];
    for (const [position, probe] of probes.entries()) {
      expect(evicted.nearest(probe, 1_000 + position)).toEqual(fresh.nearest(probe, 1_000 + position));
      const match = evicted.match(probe, 1_000 + position);
      expect(match).toEqual(fresh.match(probe, 1_000 + position));
      evicted.add(probe, match?.storyId ?? `new-${position}`, 1_000 + position);
      fresh.add(probe, match?.storyId ?? `new-${position}`, 1_000 + position);
    }
    expect(evicted.nearest(probes[0] as StoryItem, 2_000)?.storyId).toBeDefined();
  });
});

describe('story index with its word shapes cleared often', () => {
  const lines = ['../../../shared/stories/dev-set.jsonl', '../fixtures/stories/extra-set.jsonl'].flatMap((path) =>
    readFileSync(new URL(path, import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { title: string; summary: string; source: string }),
  );

  // The window keeps its entries' stems, known names and evidence by term id, and the names' terms:
  // the terms no entry has are pruned with the shapes, and the answers must not change (a window
  // of two hours, items ten minutes apart: entries and their terms leave it too).
  it.each([5, 40])('answers as with the default, shapes cleared past %i spellings', (maxWordShapes) => {
    const answers = (index: ReturnType<typeof createStoryIndex>): string[] =>
      lines.map((line, position) => {
        const item = { title: line.title, summary: line.summary, source: line.source };
        const at = position * 10 * 60_000;
        index.evict(at - 2 * HOUR);
        const nearest = index.nearest(item, at);
        const match = index.match(item, at);
        index.add(item, match?.storyId ?? `post-${position}`, at);
        return JSON.stringify({ nearest: nearest === undefined ? null : { ...nearest, item: nearest.item.title }, match: match ?? null });
      });
    const expected = answers(createStoryIndex({ windowMs: 2 * HOUR }));
    expect(expected.filter((answer) => answer.includes('"same-story"')).length).toBeGreaterThan(5);
    expect(answers(createStoryIndex({ windowMs: 2 * HOUR, maxWordShapes }))).toEqual(expected);
  });
});
