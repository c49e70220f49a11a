import { describe, expect, it } from 'vitest';
import { item, matches } from './match-helpers.js';

describe('WITH: context anywhere in the item', () => {
  const rule = 'Bleu WITH (orange OR capgemini OR azure)';
  it.each([
    ['Bleu et Orange', '', true],
    ['Bleu lance son offre', 'La coentreprise de Capgemini', true],
    ['Bleu lance son offre', '', false],
    ['Orange seul', 'Capgemini aussi', false],
    ['Bleu lance son offre', 'Des serveurs Azure', true],
  ])('%s | %s → %s', (title, summary, expected) => {
    expect(matches(rule, item(title, summary))).toBe(expected);
  });

  it('also looks at categories and link', () => {
    expect(matches(rule, item('Bleu lance son offre', '', { categories: ['Azure'] }))).toBe(true);
    expect(matches(rule, item('Bleu lance son offre', '', { link: 'https://orange.com/x' }))).toBe(true);
  });

  it.each([
    ['Bleu WITH (azure AND microsoft)', 'Bleu, Azure et Microsoft', true],
    ['Bleu WITH (azure AND microsoft)', 'Bleu et Azure', false],
    ['Bleu WITH (azure AND NOT panne)', 'Bleu et Azure', true],
    ['Bleu WITH (azure AND NOT panne)', 'Bleu et Azure en panne', false],
  ])('accepts a yes/no context: %s on %s → %s', (ruleText, title, expected) => {
    expect(matches(ruleText, item(title))).toBe(expected);
  });

  it('never counts a word as its own context', () => {
    expect(matches('cloud WITH cloud*', item('Le cloud'))).toBe(false);
    expect(matches('cloud WITH cloud*', item('Le cloud des clouds'))).toBe(true);
  });
});

describe('NEAR/n: context within n words, same field', () => {
  it.each([
    ['Bleu NEAR/1 cloud', 'Bleu cloud', true],
    ['Bleu NEAR/1 cloud', 'cloud Bleu', true],
    ['Bleu NEAR/1 cloud', 'Bleu, le cloud', false],
    ['Bleu NEAR/2 cloud', 'Bleu, le cloud', true],
    ['Bleu NEAR/3 cloud', 'Bleu a un beau cloud', false],
    ['Bleu NEAR/4 cloud', 'Bleu a un beau cloud', true],
    ['Bleu NEAR/2 "cloud de confiance"', 'Bleu, le cloud de confiance', true],
    ['Bleu NEAR/1 "cloud de confiance"', 'Le cloud de confiance selon Bleu', false],
    ['Bleu NEAR/2 "cloud de confiance"', 'Le cloud de confiance selon Bleu', true],
    ['Bleu NEAR/5 (orange OR capgemini)', 'Bleu, la société commune de Capgemini', true],
    ['Bleu NEAR/5 (orange OR capgemini)', 'Bleu, la société commune et neuve de Capgemini', false],
    ["Bleu NEAR/2 Orange", "Bleu d'Orange", true],
    ['"Bleu cloud" NEAR/1 Orange', 'Bleu cloud Orange', true],
    ['"Bleu cloud" NEAR/1 Orange', 'Orange Bleu cloud', true],
    ['"Bleu cloud" NEAR/1 Orange', 'Bleu Orange cloud', false],
  ])('%s on %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });

  it('does not look across fields', () => {
    expect(matches('Bleu NEAR/8 azure', item('Bleu lance son offre', 'Azure'))).toBe(false);
  });

  it('judges each occurrence: one qualifying occurrence is enough', () => {
    expect(matches('Bleu NEAR/1 cloud', item('Bleu, puis un autre sujet et enfin le Bleu cloud'))).toBe(true);
  });
});

describe('UNLESS: exclusions attached to a term', () => {
  const rule = 'Bleu UNLESS ("écran bleu" OR "carte bleu" OR "bleu marine")';
  it.each([
    ['Bleu lance son offre', true],
    ['Écran bleu chez Microsoft', false],
    ['Bleu marine, la couleur', false],
    ['Écran bleu : Bleu, le cloud, est épargné', true],
    ['Un écran, bleu de colère', false],
  ])('%s → %s', (title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });

  it.each([
    ['Bleu UNLESS NEAR/1 (marine OR ciel)', 'Bleu ciel', false],
    ['Bleu UNLESS NEAR/1 (marine OR ciel)', 'Ciel bleu', false],
    ['Bleu UNLESS NEAR/1 (marine OR ciel)', 'Bleu, sous un beau ciel', true],
    ['Bleu UNLESS NEAR/3 (marine OR ciel)', 'Bleu, sous un ciel', false],
    ['Bleu UNLESS NEAR/2 marine', 'Bleu lance', true],
    ['Bleu UNLESS NEAR/2 marine', 'Marine', false],
    ['bleu UNLESS =BLEU', 'Le score BLEU', false],
    ['bleu UNLESS =BLEU', 'Le ciel bleu', true],
  ])('%s on %s → %s', (rule2, title, expected) => {
    expect(matches(rule2, item(title))).toBe(expected);
  });

  it('excludes only within the same field', () => {
    expect(matches('Bleu UNLESS NEAR/3 marine', item('Bleu lance son offre', 'Marine'))).toBe(true);
  });
});

describe('combined context: per-watch exclusions and chained filters', () => {
  const rule =
    '(=Bleu WITH (Orange OR Capgemini OR Azure OR cloud) UNLESS ("écran bleu" OR "bleu marine")) NOT "les Bleus"';
  it.each([
    ['Bleu peut enfin commercialiser', 'La coentreprise d’Orange et de Capgemini', true],
    ['Bleu marine : le logo Azure', '', false],
    ['Écran bleu sur Azure', '', false],
    ['Le bleu du cloud', '', false],
    ['Bleu et les Bleus', 'Orange', false],
    ['Bleu choisit Azure', '', true],
  ])('%s | %s → %s', (title, summary, expected) => {
    expect(matches(rule, item(title, summary))).toBe(expected);
  });

  it('filters an OR-group as a whole', () => {
    const group = '(=Bleu OR bleu NEAR/2 capgemini) UNLESS "bleu marine"';
    expect(matches(group, item('Bleu marine'))).toBe(false);
    expect(matches(group, item('bleu de capgemini'))).toBe(true);
  });

  it('accepts a filtered term inside a context', () => {
    const nested = '=Bleu WITH (=Orange UNLESS "Orange Vélodrome")';
    expect(matches(nested, item('Un Bleu à l’Orange Vélodrome'))).toBe(false);
    expect(matches(nested, item('Bleu, filiale d’Orange'))).toBe(true);
  });
});
