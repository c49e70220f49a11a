import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../src/match/index.js';
import { item, matchedTerms } from './match-helpers.js';

describe('compileMatcher', () => {
  const matcher = compileMatcher([
    { name: 'huawei', rule: ['Huawei', 'ZTE'] },
    { name: 'bleu', rule: '=Bleu WITH (Orange OR Capgemini OR Azure)' },
    { name: 'sans-smartphone', rule: 'NOT smartphone' },
    { name: 'huawei-cloud', rule: 'title:huawei AND cloud*' },
  ]);

  it.each([
    ['Huawei Cloud', '', ['huawei', 'sans-smartphone', 'huawei-cloud']],
    ['Huawei lance un smartphone', '', ['huawei']],
    ['Bleu choisit Azure', '', ['bleu', 'sans-smartphone']],
    ['Azure seul', '', ['sans-smartphone']],
    ['Un smartphone', 'Azure', []],
    ['Le cloud', 'Huawei', ['huawei', 'sans-smartphone']],
  ])('%s | %s → %j', (title, summary, expected) => {
    expect(matcher.match(item(title, summary)).map((match) => match.watch)).toEqual(expected);
  });

  it('gives the same answer however often it is asked', () => {
    const input = item('Bleu choisit Azure et Huawei');
    const first = matcher.match(input);
    expect(matcher.match(input)).toEqual(first);
    expect(matcher.match(item('Rien'))).toEqual([{ watch: 'sans-smartphone', terms: [] }]);
    expect(matcher.match(input)).toEqual(first);
  });

  it('keeps watches apart when they share a term with different fields', () => {
    const shared = compileMatcher([
      { name: 'anywhere', rule: 'huawei' },
      { name: 'title', rule: 'title:huawei' },
      { name: 'summary', rule: 'summary:huawei' },
    ]);
    expect(shared.match(item('Rien', 'Huawei')).map((match) => match.watch)).toEqual(['anywhere', 'summary']);
  });

  it('accepts no watch at all', () => {
    expect(compileMatcher([]).match(item('Huawei'))).toEqual([]);
  });
});

describe('matched terms: as written, deduped, in rule order', () => {
  it.each([
    ['zte OR Huawei OR HUAWEI OR huawei*', 'ZTE et Huawei', ['zte', 'Huawei', 'huawei*']],
    ['"Cloud de Confiance" OR souverain*', 'Souveraineté et cloud de confiance', ['Cloud de Confiance', 'souverain*']],
    ['Bleu WITH (Orange OR Azure)', 'Azure, Bleu et Orange', ['Bleu', 'Orange', 'Azure']],
    ['huawei NOT smartphone', 'Huawei', ['huawei']],
    ['(Bleu UNLESS "écran bleu") OR huawei', 'Écran bleu chez Huawei', ['huawei']],
    ['title:=Bleu', 'Bleu', ['Bleu']],
    ['huawei OR zte', 'Huawei Huawei Huawei', ['huawei']],
  ])('%s on %s → %j', (rule, title, expected) => {
    expect(matchedTerms(rule, item(title))).toEqual(expected);
  });
});
