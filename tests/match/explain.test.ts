import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../src/match/index.js';
import { explainOne, item } from './match-helpers.js';

describe('explain', () => {
  it.each([
    [
      'a match says what was found where',
      'Bleu WITH (orange OR capgemini OR azure)',
      item('Bleu lance son offre', "La coentreprise d'Orange"),
      { matched: true, terms: ['Bleu', 'orange'], reasons: ["found 'Bleu' in title", "found 'orange' in summary"] },
    ],
    [
      'missing context anywhere',
      'Bleu WITH (orange OR capgemini OR microsoft OR azure)',
      item('Bleu lance son offre'),
      {
        matched: false,
        terms: ['Bleu'],
        reasons: ["'Bleu' found but no context word (orange, capgemini, microsoft, …) anywhere in the item"],
      },
    ],
    [
      'missing context nearby',
      'Bleu NEAR/3 (orange OR capgemini)',
      item('Bleu lance enfin son offre commerciale avec Orange'),
      {
        matched: false,
        terms: ['Bleu', 'orange'],
        reasons: ["'Bleu' found but no context word (orange, capgemini) within 3 words"],
      },
    ],
    [
      'excluded by a phrase',
      'Bleu UNLESS ("écran bleu" OR "carte bleue")',
      item('Écran bleu : Microsoft publie un outil'),
      { matched: false, terms: ['Bleu', 'écran bleu'], reasons: ["'Bleu' found but excluded by 'écran bleu'"] },
    ],
    [
      'excluded by a nearby word',
      'Bleu UNLESS NEAR/1 (marine OR ciel)',
      item('Bleu marine : le logo'),
      { matched: false, terms: ['Bleu', 'marine'], reasons: ["'Bleu' found but excluded by 'marine' (within 1 word)"] },
    ],
    [
      'excluded by NOT',
      'huawei NOT (smartphone OR montre)',
      item('Huawei lance un smartphone'),
      { matched: false, terms: ['huawei', 'smartphone'], reasons: ["excluded by NOT 'smartphone'"] },
    ],
    [
      'AND with a missing part',
      'huawei AND (cloud OR datacenter OR région OR serveur)',
      item('Huawei lance un smartphone'),
      {
        matched: false,
        terms: ['huawei'],
        reasons: ["'huawei' found but not any of 'cloud', 'datacenter', 'région', …"],
      },
    ],
    [
      'AND with a missing term and an exclusion',
      'huawei cloud NOT smartphone',
      item('Huawei lance un smartphone'),
      {
        matched: false,
        terms: ['huawei', 'smartphone'],
        reasons: ["'huawei' found but not 'cloud'", "excluded by NOT 'smartphone'"],
      },
    ],
    [
      'nothing found',
      'huawei OR zte',
      item('Nokia remporte un contrat'),
      { matched: false, terms: [], reasons: ['no term of the rule found'] },
    ],
    [
      'only context words found',
      'Bleu WITH orange',
      item('Orange Business supprime des postes'),
      { matched: false, terms: ['orange'], reasons: ["found 'orange' but the rule does not match"] },
    ],
    [
      'several branches each say why',
      '(Bleu WITH azure) OR (huawei NEAR/2 cloud)',
      item('Bleu et Huawei lancent enfin un cloud'),
      {
        matched: false,
        terms: ['Bleu', 'huawei', 'cloud'],
        reasons: [
          "'Bleu' found but no context word (azure) anywhere in the item",
          "'huawei' found but no context word (cloud) within 2 words",
        ],
      },
    ],
    [
      'a watch made of exclusions only',
      'NOT smartphone',
      item('Huawei Cloud'),
      { matched: true, terms: [], reasons: ['matched without any term: no excluded term found'] },
    ],
    [
      'a keyword list',
      ['Huawei', 'SecNumCloud'],
      item('SecNumCloud : le label', '', { categories: ['SecNumCloud'] }),
      { matched: true, terms: ['SecNumCloud'], reasons: ["found 'SecNumCloud' in title, categories"] },
    ],
  ])('%s', (_name, rule, input, expected) => {
    expect(explainOne(rule, input)).toEqual({ watch: 'w', ...expected });
  });

  it('explains every watch, in order, and agrees with match', () => {
    const matcher = compileMatcher([
      { name: 'huawei', rule: 'huawei' },
      { name: 'bleu', rule: 'Bleu WITH azure' },
      { name: 'none', rule: ['zte'] },
    ]);
    const input = item('Huawei et Bleu', 'Azure');
    expect(matcher.explain(input).map((explanation) => [explanation.watch, explanation.matched])).toEqual([
      ['huawei', true],
      ['bleu', true],
      ['none', false],
    ]);
    expect(matcher.match(input).map((match) => match.watch)).toEqual(['huawei', 'bleu']);
  });
});
