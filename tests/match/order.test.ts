import { describe, expect, it } from 'vitest';
import { parseRule } from '../../src/match/index.js';
import { explainOne, item, matchedTerms, matches } from './match-helpers.js';

describe('BEFORE/n and AFTER/n: context on one side, in the same run of words', () => {
  it.each([
    // BEFORE: the context comes after the subject.
    ['Bleu BEFORE Azure', 'Bleu Azure ouvre', true],
    ['Bleu BEFORE Azure', 'Azure Bleu ouvre', false],
    ['Bleu BEFORE Azure', 'Bleu ouvre Azure', false],
    ['Bleu BEFORE/2 Azure', 'Bleu ouvre Azure', true],
    ['Bleu BEFORE/1 Azure', 'Bleu Azure', true],
    ['Bleu BEFORE "Microsoft 365"', 'Bleu Microsoft 365 ouvert', true],
    ['Bleu BEFORE (Azure OR Teams)', 'Bleu Teams', true],
    // Punctuation ends the run: no context across it, whatever the distance.
    ['Bleu BEFORE Azure', 'Bleu : Azure ouvre', false],
    ['Bleu BEFORE Azure', 'Bleu, Azure', false],
    ['Bleu BEFORE/3 Azure', 'Bleu ouvre. Azure', false],
    ['Bleu BEFORE Azure', 'Bleu « Azure »', false],
    ['Bleu BEFORE Azure', 'Bleu (Azure)', false],
    ['Bleu BEFORE Azure', 'Bleu — Azure', false],
    // Spaces (also non-breaking), hyphens, apostrophes and dropped elisions do not.
    ['Bleu BEFORE Azure', 'Bleu\u00a0Azure', true],
    ['Bleu BEFORE Azure', 'Bleu-Azure', true],
    ['Bleu BEFORE Auvergne', "Bleu d'Auvergne", true],
    ['Bleu BEFORE Auvergne', 'Bleu d’Auvergne', true],
    // AFTER: the context comes before the subject.
    ['Bleu AFTER tour', 'la tour Bleu', true],
    ['Bleu AFTER tour', 'Bleu tour', false],
    ['Bleu AFTER/2 tour', 'la tour grand Bleu', true],
    ['Bleu AFTER tour', 'la tour, Bleu', false],
    // Same field (zone) only.
    ['Bleu BEFORE Azure', 'Bleu', false],
  ])('%s on %j → %s', (rule, title, expected) => {
    const summary = title === 'Bleu' ? 'Azure' : '';
    expect(matches(rule, item(title, summary))).toBe(expected);
  });

  it.each([
    ['Bleu UNLESS BEFORE ciel', 'Bleu ciel', false],
    ['Bleu UNLESS BEFORE ciel', 'ciel Bleu', true],
    ['Bleu UNLESS BEFORE ciel', 'Bleu : ciel', true],
    ['Bleu UNLESS AFTER tour', 'la tour Bleu', false],
    ['Bleu UNLESS AFTER tour', 'Bleu tour', true],
    ['Bleu UNLESS BEFORE/2 ciel', 'Bleu du ciel', false],
    ['Bleu UNLESS BEFORE/1 ciel', 'Bleu du ciel', true],
  ])('%s on %j → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });

  it('judges each occurrence', () => {
    expect(matches('Bleu UNLESS BEFORE ciel', item('Bleu ciel et Bleu'))).toBe(true);
    expect(matches('Bleu UNLESS BEFORE ciel', item('Bleu ciel et Bleu ciel'))).toBe(false);
  });

  it('reports the context of BEFORE as a matched term', () => {
    expect(matchedTerms('Bleu BEFORE (Azure OR Teams)', item('Bleu Azure'))).toEqual(['Bleu', 'Azure']);
  });

  it('parses the order and distance', () => {
    expect(parseRule('a BEFORE b').root).toMatchObject({ kind: 'near', distance: 1, order: 'before' });
    expect(parseRule('a AFTER/3 b').root).toMatchObject({ kind: 'near', distance: 3, order: 'after' });
    expect(parseRule('a NEAR/2 b').root).toMatchObject({ kind: 'near', distance: 2, order: 'any' });
    expect(parseRule('a UNLESS BEFORE/2 b').root).toMatchObject({ kind: 'unless', distance: 2, order: 'before' });
    expect(parseRule('a UNLESS NEAR/2 b').root).toMatchObject({ kind: 'unless', distance: 2, order: 'any' });
    expect(parseRule('a UNLESS b').root).toMatchObject({ kind: 'unless', distance: null, order: 'any' });
  });

  it('keeps lower-case before and after as words', () => {
    expect(parseRule('before after').terms.map((term) => term.label)).toEqual(['before', 'after']);
    expect(matches('"BEFORE"', item('before'))).toBe(true);
  });
});

describe('[Capitalised]: any word whose first letter is upper case', () => {
  it.each([
    ['Bleu BEFORE [Capitalised]', 'Bleu Libellule', true],
    ['Bleu BEFORE [Capitalised]', 'Bleu libellule', false],
    ['Bleu BEFORE [Capitalised]', 'Bleu EDF', true],
    ['Bleu BEFORE [Capitalised]', 'Bleu Électrique', true],
    ['Bleu BEFORE [Capitalised]', 'Bleu 365', false],
    ['Bleu BEFORE [Capitalised]', 'Bleu, Libellule', false],
    ['Bleu BEFORE [capitalized]', 'Bleu Libellule', true],
    ['Bleu UNLESS BEFORE ([Capitalised] UNLESS (Azure OR Microsoft))', 'Bleu Azure', true],
    ['Bleu UNLESS BEFORE ([Capitalised] UNLESS (Azure OR Microsoft))', 'Bleu Microsoft 365', true],
    ['Bleu UNLESS BEFORE ([Capitalised] UNLESS (Azure OR Microsoft))', 'Bleu Ciel', false],
    ['Bleu UNLESS BEFORE ([Capitalised] UNLESS (Azure OR Microsoft))', 'Bleu : Bercy signe', true],
    ['Bleu UNLESS BEFORE ((de OR du) BEFORE [Capitalised])', 'Bleu de Gascogne', false],
    ['Bleu UNLESS BEFORE ((de OR du) BEFORE [Capitalised])', 'Bleu de travail', true],
    ['Bleu UNLESS BEFORE ((de OR du) BEFORE [Capitalised])', 'Bleu de : Gascogne', true],
    ['title:[Capitalised]', 'Orange', true],
    ['title:[Capitalised]', 'orange', false],
    ['summary:[Capitalised]', 'Orange', false],
    ['[Capitalised] WITH cloud', 'cloud', false],
    ['[Capitalised] WITH cloud', 'Le cloud', true],
  ])('%s on %j → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });

  it('parses as a term without words', () => {
    const { root, terms } = parseRule('summary:[Capitalised]');
    expect(root).toEqual({
      kind: 'term',
      label: '[Capitalised]',
      words: [],
      caseSensitive: false,
      field: 'summary',
      position: 0,
      wordClass: 'capitalised',
    });
    expect(terms).toHaveLength(1);
  });
});

describe('explanations name the side and the word', () => {
  it.each([
    [
      'Bleu UNLESS BEFORE ([Capitalised] UNLESS Azure)',
      item("Le Bleu d'Auvergne dans le cloud"),
      "'Bleu' found but excluded by 'Auvergne' [Capitalised] (right after it)",
    ],
    [
      'Bleu UNLESS BEFORE ((de OR du) BEFORE [Capitalised])',
      item('Le Bleu de Gascogne'),
      "'Bleu' found but excluded by 'de' with 'Gascogne' [Capitalised] (right after it)",
    ],
    ['Bleu UNLESS AFTER/2 tour', item('la tour Bleu'), "'Bleu' found but excluded by 'tour' (within 2 words before it)"],
    ['Bleu BEFORE Azure', item('Azure Bleu'), "'Bleu' found but no context word (Azure) right after it"],
    ['Bleu AFTER tour', item('Bleu tour'), "'Bleu' found but no context word (tour) right before it"],
    ['Bleu BEFORE/3 Azure', item('Bleu : Azure'), "'Bleu' found but no context word (Azure) within 3 words after it"],
  ])('%s', (rule, input, reason) => {
    expect(explainOne(rule, input)?.reasons).toEqual([reason]);
  });
});

describe('explanations do not list exclusion words found alone', () => {
  it('an item with only "de" has no term of the rule', () => {
    expect(explainOne('Bleu UNLESS BEFORE ((de OR du) BEFORE [Capitalised])', item('Le prix de la fibre'))).toEqual({
      watch: 'w',
      matched: false,
      terms: [],
      reasons: ['no term of the rule found'],
    });
  });

  it('lists them beside a term the rule looks for', () => {
    expect(explainOne('Bleu UNLESS BEFORE ((de OR du) BEFORE [Capitalised])', item('Le Bleu de Gascogne'))?.terms).toEqual([
      'Bleu',
      'de',
    ]);
  });
});
