import { describe, expect, it } from 'vitest';
import { item, matches } from './match-helpers.js';

describe('folding: case- and accent-insensitive by default', () => {
  it.each([
    ['securite', 'La sécurité du cloud', true],
    ['sécurité', 'LA SECURITE DU CLOUD', true],
    ['huawei', 'HUAWEI annonce', true],
    ['HUAWEI', 'huawei annonce', true],
    ['Ecran', 'écran géant', true],
    ['oeuvre', 'Une œuvre', true],
    ['œuvre', 'Une oeuvre', true],
    ['OEUVRE', 'Une Œuvre', true],
    ['ex aequo', 'ex æquo', true],
    ['Straße', 'strasse', true],
    ['securite', 'La sûreté', false],
  ])('%s in %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });
});

describe('whole words', () => {
  it.each([
    ['Bleu', 'Bleu lance son offre', true],
    ['Bleu', 'Les Bleus gagnent', false],
    ['Bleu', 'Un reflet bleuté', false],
    ['Bleu', 'Zone bleue', false],
    ['Bleu', 'Fleuve Bleu-Nil', true],
    ['cloud', 'Le cloud souverain', true],
    ['cloud', 'OVHcloud recrute', false],
    ['cloud', 'Les clouds privés', false],
    ['5G', 'Les antennes 5G de Huawei', true],
    ['5G', 'La 5GHz', false],
  ])('%s in %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });
});

describe('French elisions, possessives, hyphens, guillemets and spaces', () => {
  it.each([
    ['Huawei', "les équipements d'Huawei", true],
    ['Huawei', 'les équipements d’Huawei', true],
    ['Huawei', 'les équipements dʼHuawei', true],
    ['Anssi', "L'ANSSI qualifie", true],
    ['Orange', "La coentreprise d'Orange et de Capgemini", true],
    ['équipementier', "L'équipementier chinois", true],
    ['il', "jusqu'il", true],
    ['Huawei', "Huawei's revenue", true],
    ['Huawei', 'Huawei’s revenue', true],
    ['Bleu', "what Bleu's launch means", true],
    ["d'Huawei", 'Huawei annonce', true],
    ["Huawei's", 'Huawei annonce', true],
    ['Orange', 'la coentreprise Orange-Capgemini', true],
    ['Capgemini', 'la coentreprise Orange-Capgemini', true],
    ['"cloud-native"', 'une offre cloud-native', true],
    ['"cloud-native"', 'une offre cloud native', true],
    ['cloud-native', 'une offre cloud‑native', true],
    ['"cloud native"', 'une offre cloud-native', true],
    ['"cloud-native"', 'une offre cloudnative', false],
    ['"cloud de confiance"', 'le «\u00A0cloud de confiance\u00A0» de Bleu', true],
    ['"cloud de confiance"', 'le «cloud\u202Fde\u202Fconfiance» de Bleu', true],
    ['Bleu', '«Bleu», le cloud', true],
    ['SecNumCloud', 'SecNumCloud\u00A0: le label', true],
    ['"qualification SecNumCloud"', 'qualification\u00A0SecNumCloud', true],
  ])('%s in %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });
});

describe('case-sensitive terms (=)', () => {
  it.each([
    ['=Bleu', 'Bleu lance son offre', true],
    ['=Bleu', 'Le ciel est bleu', false],
    ['=Bleu', 'Le score BLEU', false],
    ['=BLEU', 'Le score BLEU', true],
    ['=BLEU', 'Bleu lance son offre', false],
    ['=Ecran', 'Écran géant', true],
    ['=Écran', 'Ecran géant', true],
    ['=Écran', 'écran géant', false],
    ['=Orange', "La coentreprise d'Orange", true],
    ['=Orange', 'Bleue comme une orange', false],
    ['="Bleu Cloud"', 'Le Bleu Cloud arrive', true],
    ['="Bleu Cloud"', 'Le bleu cloud arrive', false],
    ['=Bleu*', 'Bleuet en fleurs', true],
    ['=Bleu*', 'bleuet en fleurs', false],
  ])('%s in %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });
});

describe('phrases', () => {
  it.each([
    ['"cloud de confiance"', 'Un cloud de confiance', true],
    ['"cloud de confiance"', 'Un cloud, de confiance', true],
    ['"cloud de confiance"', 'Un cloud très de confiance', false],
    ['"cloud de confiance"', 'Confiance de cloud', false],
    ['"cloud de confiance"', 'Un cloud', false],
    ['"écran bleu"', 'Un ÉCRAN BLEU', true],
    ['“cloud de confiance”', 'Un cloud de confiance', true],
    ['«cloud de confiance»', 'Un cloud de confiance', true],
    ['"Microsoft 365"', 'Offre Microsoft 365 hébergée', true],
    ['"Microsoft 365"', 'Microsoft 2025 : 365 jours', false],
    ['"cloud de confiance"', 'Un cloud de', false],
  ])('%s in %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });

  it('does not run a phrase across two fields', () => {
    expect(matches('"cloud confiance"', item('Le cloud', 'Confiance'))).toBe(false);
  });

  it('does not run a phrase across two categories', () => {
    expect(matches('"cloud confiance"', item('', '', { categories: ['Cloud', 'Confiance'] }))).toBe(false);
  });
});

describe('prefixes (*)', () => {
  it.each([
    ['souverain*', 'Un cloud souverain', true],
    ['souverain*', 'Une offre souveraine', true],
    ['souverain*', 'La souveraineté numérique', true],
    ['souverain*', 'LES SOUVERAINETÉS', true],
    ['souverain*', 'Un souverainiste', true],
    ['souverain*', 'La souve', false],
    ['souverain*', 'Insouverain', false],
    ['héberg*', 'Un hébergeur lyonnais', true],
    ['heberg*', 'Hébergement en France', true],
    ['"centre* de données"', 'Les centres de données', true],
    ['"centre* de données"', 'Le centre de données', true],
    ['"cloud souverain*"', 'Les offres cloud souveraines', true],
    ['"cloud souverain*"', 'Souveraineté du cloud', false],
  ])('%s in %s → %s', (rule, title, expected) => {
    expect(matches(rule, item(title))).toBe(expected);
  });
});
