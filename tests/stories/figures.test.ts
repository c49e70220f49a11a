import { describe, expect, it } from 'vitest';
import { figuresOf, numberWord } from '../../src/stories/figures.js';

describe('figures of a text', () => {
  it.each([
    ['repoussée à 2026', ['2026']],
    ['la version 3.2 du référentiel', ['3.2']],
    ['une hausse de 9,8 %', ['9.8']],
    ['à 1 499 euros', ['1499']],
    ['à 1\u00a0499 euros', ['1499']],
    ['1\u202f200 postes', ['1200']],
    ['en 2025 200 postes', ['2025', '200']],
    ['2026, faute d’offre', ['2026']],
    ['S3NS, PREMI3NS, la 5G et M365', []],
    ['Microsoft 365', ['365']],
    ['3,50 €', ['3.5']],
    ['007', ['7']],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(figuresOf(text)).toEqual(expected);
  });

  it.each([
    ['repoussée à 2026', 11],
    ['S3NS, PREMI3NS, la 5G et M365', 0],
    ['S3NS, PREMI3NS, la 5G et M365', 25],
    ['v1.2.3 ou 4,5', 1],
    ['x,5 puis 6', 2],
    ['a.7 et 2025 200 postes', 2],
  ])('%j from %i: the same figures as from the start (no digit before it)', (text, from) => {
    expect(figuresOf(text, from)).toEqual(figuresOf(text));
  });

  it.each([
    ['repoussée à 2026 faute d’offre', 12, 16],
    ['en 2025 200 postes, puis 1 499 euros en fin', 3, 32],
    ['la version 3.2 du référentiel', 11, 14],
    ['S3NS, PREMI3NS, la 5G et M365 ou 7', 1, 34],
    ['un taux de 9,80 %', 11, 15],
    ['1\u202f200 postes', 0, 5],
  ])('%j from %i to %i: the same figures as over the whole text (no digit outside)', (text, from, to) => {
    expect(figuresOf(text, from, to)).toEqual(figuresOf(text));
  });

  it('reads number words', () => {
    expect(numberWord('deux')).toBe('2');
    expect(numberWord('mille')).toBe('1000');
    expect(numberWord('premier')).toBeUndefined();
  });
});
