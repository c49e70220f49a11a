import { describe, expect, it } from 'vitest';
import { analyzeItem } from '../../src/stories/analyze-item.js';
import { createWordShapes } from '../../src/stories/word-shapes.js';
import { createStemmer } from '../../src/stories/french-words.js';
import { createTermTable, pruneTermTable, termRef } from '../../src/stories/term-table.js';

const ITEMS = [
  { title: 'NumSpot obtient la qualification SecNumCloud 3.2', summary: 'Le cloud souverain de NumSpot est qualifié par l’Anssi en 2026.' },
  { title: 'Cloud souverain : Bleu publie sa grille tarifaire, plus chère qu’Azure', summary: 'Les tarifs de Bleu dépassent de 20 % ceux de Microsoft.' },
  { title: 'HUAWEI OUVRE UNE RÉGION EN IRLANDE', summary: 'Le chinois ouvre deux régions à Dublin, irlandaise et allemande.' },
  { title: 'NumSpot décroche le visa SecNumCloud - LeMagIT', summary: '', source: 'Google News' },
];

describe('term table', () => {
  it('gives one object per spelling until pruned, and keeps the terms the window has', () => {
    const table = createTermTable();
    const kept = termRef(table, 'qualif');
    const dropped = termRef(table, '~quali');
    expect(termRef(table, 'qualif')).toBe(kept);
    kept.id = 3;
    pruneTermTable(table);
    expect(termRef(table, 'qualif')).toBe(kept);
    expect(termRef(table, '~quali')).not.toBe(dropped);
  });

  // Word shapes (and the terms no window entry has) are forgotten past their size: the analyses
  // must not change, whatever the size.
  it.each([1, 3, 50_000])('analyses the same with shapes cleared past %i spellings', (maxSize) => {
    const stemmer = createStemmer();
    const shapes = createWordShapes(maxSize);
    for (const item of [...ITEMS, ...ITEMS]) {
      const analysis = analyzeItem(item, stemmer, shapes);
      const fresh = analyzeItem(item, createStemmer());
      expect([...analysis.terms]).toEqual([...fresh.terms]);
      expect(analysis.termRefs.map((term) => term.name)).toEqual([...fresh.terms.keys()]);
      expect(analysis.termWeights).toEqual([...fresh.terms.values()]);
      expect([...analysis.stems]).toEqual([...fresh.stems]);
      expect([...analysis.titleEvidence]).toEqual([...fresh.titleEvidence]);
    }
  });

  it('answers which stems an analysis has, before and after another analysis with the same shapes', () => {
    const stemmer = createStemmer();
    const shapes = createWordShapes();
    const first = analyzeItem(ITEMS[0] as (typeof ITEMS)[number], stemmer, shapes);
    const stems = [...first.stems];
    const asked = [...stems, 'tarif', 'irland', '~quali', 'absent'];
    const before = asked.map((stem) => first.stems.has(stem));
    analyzeItem(ITEMS[1] as (typeof ITEMS)[number], stemmer, shapes);
    expect(asked.map((stem) => first.stems.has(stem))).toEqual(before);
    expect(before).toEqual(asked.map((stem) => stems.includes(stem)));
    expect(stems).toContain('numspot');
  });
});
