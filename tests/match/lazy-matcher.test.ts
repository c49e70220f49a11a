import { describe, expect, it } from 'vitest';
import { compileMatcher, lazyMatcher, RuleSyntaxError } from '../../src/match/index.js';
import { defaultRule } from './default-rule.js';
import { item } from './match-helpers.js';

describe('lazyMatcher', () => {
  const watches = [
    { name: 'cloud-souverain', rule: defaultRule() },
    { name: 'huawei', rule: ['Huawei', 'ZTE'] },
    { name: 'bleu', rule: '=Bleu WITH (Orange OR Capgemini OR Azure)' },
    { name: 'sans-smartphone', rule: 'NOT smartphone' },
  ];
  const inputs = [
    item('Huawei Cloud', 'Le cloud souverain de Huawei'),
    item('Bleu choisit Azure', 'Orange et Capgemini'),
    item('Un smartphone', 'Azure'),
    item('SecNumCloud : OVHcloud qualifié par l’ANSSI', 'Le cloud de confiance', { categories: ['Cloud'], link: 'https://example.org/a' }),
    item('Rien'),
  ];

  it('matches and explains exactly as the matcher compiled at once', () => {
    const eager = compileMatcher(watches);
    const lazy = lazyMatcher(watches);
    expect(inputs.map((input) => lazy.match(input))).toEqual(inputs.map((input) => eager.match(input)));
    expect(inputs.map((input) => lazy.explain(input))).toEqual(inputs.map((input) => eager.explain(input)));
    // Explained first, then matched: the same.
    const explainedFirst = lazyMatcher(watches);
    expect(explainedFirst.explain(inputs[0] ?? item(''))).toEqual(eager.explain(inputs[0] ?? item('')));
    expect(inputs.map((input) => explainedFirst.match(input))).toEqual(inputs.map((input) => eager.match(input)));
  });

  it('compiles on the first item: a bad rule throws there, not when made', () => {
    const lazy = lazyMatcher([{ name: 'bad', rule: 'huawei AND (' }]);
    expect(() => lazy.match(item('Huawei'))).toThrow(RuleSyntaxError);
  });
});
