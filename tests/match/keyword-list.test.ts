import { describe, expect, it } from 'vitest';
import { parseRule } from '../../src/match/index.js';
import { item, matchedTerms, matches } from './match-helpers.js';

describe('keyword lists: match if ANY keyword is found', () => {
  const list = ['Huawei', 'SecNumCloud', 'cloud de confiance', 'souverain*', '=Bleu'];
  it.each([
    ["Les équipements d'Huawei", ['Huawei']],
    ['La qualification SECNUMCLOUD', ['SecNumCloud']],
    ['Un « cloud de confiance »', ['cloud de confiance']],
    ['Un cloud, de confiance', ['cloud de confiance']],
    ['La souveraineté', ['souverain*']],
    ['Bleu lance son offre', ['Bleu']],
    ['Le ciel est bleu', []],
    ['Les Bleus', []],
    ['Huawei et la souveraineté', ['Huawei', 'souverain*']],
    ['Rien à voir', []],
  ])('%s → %j', (title, expected) => {
    expect(matchedTerms(list, item(title))).toEqual(expected);
  });

  it.each([
    [['Huawei AND cloud'], 'Huawei and cloud', true],
    [['Huawei AND cloud'], 'Huawei cloud', false],
    [['title:huawei'], 'title huawei', true],
    [['(Huawei)'], 'Huawei', true],
    [['"Huawei"'], 'Huawei', true],
  ])('entries are literal text: %j on %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });

  it('parses to an OR of terms whose position is the entry index', () => {
    const parsed = parseRule(['Huawei', ' cloud de confiance ', '=Bleu']);
    expect(parsed.terms.map((term) => [term.label, term.position, term.caseSensitive, term.words.length])).toEqual([
      ['Huawei', 0, false, 1],
      ['cloud de confiance', 1, false, 3],
      ['Bleu', 2, true, 1],
    ]);
    expect(parsed.root.kind).toBe('or');
  });

  it('parses a one-keyword list to that term', () => {
    expect(parseRule(['Huawei']).root.kind).toBe('term');
  });
});
