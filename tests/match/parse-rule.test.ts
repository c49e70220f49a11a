import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRule } from '../../src/match/index.js';

describe('parseRule: terms', () => {
  // words: the stored word patterns, space-separated, a trailing * marking a prefix
  it.each([
    ['huawei', 'huawei', 'huawei', false, null, 0],
    ['  Huawei', 'Huawei', 'huawei', false, null, 2],
    ['"Cloud de Confiance"', 'Cloud de Confiance', 'cloud de confiance', false, null, 0],
    ['souverain*', 'souverain*', 'souverain*', false, null, 0],
    ['"centre* de données"', 'centre* de données', 'centre* de donnees', false, null, 0],
    ['=Bleu', 'Bleu', 'Bleu', true, null, 0],
    ['="Écran Bleu"', 'Écran Bleu', 'Ecran Bleu', true, null, 0],
    ['title:=Bleu*', 'Bleu*', 'Bleu*', true, 'title', 0],
    ['summary:"cloud souverain"', 'cloud souverain', 'cloud souverain', false, 'summary', 0],
    ['category:Télécoms', 'Télécoms', 'telecoms', false, 'categories', 0],
    ["d'Huawei", "d'Huawei", 'huawei', false, null, 0],
    ["Huawei's", "Huawei's", 'huawei', false, null, 0],
    ['cloud-native', 'cloud-native', 'cloud native', false, null, 0],
    ['Œuvre', 'Œuvre', 'oeuvre', false, null, 0],
  ])('%s', (rule, label, words, caseSensitive, field, position) => {
    const { root, terms } = parseRule(rule);
    expect(terms).toHaveLength(1);
    expect(root).toEqual({
      kind: 'term',
      label,
      words: words.split(' ').map((word) => ({ text: word.replace(/\*$/u, ''), prefix: word.endsWith('*') })),
      caseSensitive,
      field,
      position,
    });
  });

  it('lists every term in rule order with its position', () => {
    const { terms } = parseRule('Bleu WITH (orange OR capgemini) UNLESS "écran bleu" OR huawei');
    expect(terms.map((term) => [term.label, term.position])).toEqual([
      ['Bleu', 0],
      ['orange', 11],
      ['capgemini', 21],
      ['écran bleu', 39],
      ['huawei', 55],
    ]);
  });

  it('reads a multi-line rule with comments', () => {
    const { terms } = parseRule('# Huawei\nHuawei # the group\nOR SecNumCloud # the label\n');
    expect(terms.map((term) => term.label)).toEqual(['Huawei', 'SecNumCloud']);
  });

  it('keeps a # inside a phrase or a word', () => {
    const { terms } = parseRule('"#cloud" C#');
    expect(terms.map((term) => [term.label, term.words.map((word) => word.text)])).toEqual([
      ['#cloud', ['cloud']],
      ['C#', ['c']],
    ]);
  });
});

describe('docs/rules.md examples', () => {
  const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
  const block = /## Examples\s+```text\n([\s\S]*?)```/u.exec(doc)?.[1] ?? '';
  const examples = block
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(/\s{2,}/u)[0] ?? '');

  it('has examples', () => {
    expect(examples.length).toBe(11);
  });

  it.each(examples)('parses %s', (rule) => {
    expect(parseRule(rule).terms.length).toBeGreaterThan(0);
  });
});
