import { describe, expect, it } from 'vitest';
import { defaultMatcher } from './default-rule.js';

// Headlines written for these tests (not from the dev set): what the default watch should and
// should not post, to show the rule holds beyond the dev set.
const relevant: readonly (readonly [string, string])[] = [
  ["Bleu obtient la qualification SecNumCloud de l'Anssi", ''],
  ['Orange et Capgemini renforcent le capital de Bleu', ''],
  ['Bleu lance ses premières offres Microsoft 365 pour les ministères', ''],
  ['Le cloud de confiance Bleu ouvre ses premiers datacenters', ''],
  ['Bleu recrute un nouveau directeur général', 'La coentreprise détenue par Orange et Capgemini accélère.'],
  ["bleu, le cloud souverain d'orange et capgemini, signe avec l'état", ''],
  ['Les ministères migrent vers Bleu', 'Azure, hébergé en France.'],
  ['Microsoft et Bleu : ce que change la qualification', ''],
  [
    'Quel avenir pour Bleu après le départ de son PDG ?',
    'La société commune d’Orange et de Capgemini cherche un successeur.',
  ],
  ['« Bleu » : les collectivités attendent le cloud d’Orange', ''],
  ['Cloud souverain : Bleu et S3NS face à la concurrence américaine', ''],
  ["Huawei Cloud s'installe à Paris", ''],
  ['HUAWEI DÉVOILE UN NOUVEAU SERVEUR', ''],
  ['Le patron d’Huawei France s’exprime', ''],
  ["Huawei's revenue rebounds despite sanctions", ''],
  ['Cloud au centre : la doctrine de l’État impose SecNumCloud', ''],
  ['SecNumCloud 3.2 : ce qui change pour les hébergeurs', ''],
  ['Le label SecNum Cloud séduit les hôpitaux', ''],
  ['Outscale décroche le renouvellement de sa qualification', 'Le visa SecNumCloud est délivré par l’Anssi.'],
  ['Bleu annonce la couleur pour 2025', 'Le cloud de confiance vise les ministères.'],
  ['Bruxelles donne son feu vert à Bleu', 'Azure hébergé en France.'],
];

const traps: readonly (readonly [string, string])[] = [
  ['Le bleu, couleur préférée des Français', ''],
  ['Bleu, blanc, rouge : Orange habille ses boutiques pour les JO', ''],
  ['Écran bleu géant : Microsoft Azure en panne', ''],
  ['Les Bleus en séminaire chez Capgemini', ''],
  ['Carte bleue : Orange Bank lance le paiement sans contact', ''],
  ['Microsoft Translator améliore son score BLEU', 'Azure AI Translator progresse.'],
  ["Bleu ciel : le nouveau logo d'Orange", ''],
  ['Un casque bleu français blessé au Liban', ''],
  ["Le Bleu d'Auvergne obtient une nouvelle distinction", ''],
  ['Blue Origin lance sa fusée', ''],
  ["Un Bleu à l'Orange Vélodrome", 'Le défenseur rejoint Marseille.'],
  ['Azur et bleu : Capgemini sponsorise une régate', ''],
  ['Bleu Libellule ouvre vingt salons de coiffure', ''],
  ['Orange lance une box fibre plus rapide', 'Le cloud gaming inclus.'],
  ['Capgemini rachète une société de conseil', "Microsoft Azure au cœur de l'offre."],
  ['Cloud de confiance : Numspot obtient son visa', ''],
  ["L'Anssi publie son rapport annuel", 'Les menaces sur le cloud augmentent.'],
  ['Le bleu de travail fait son retour chez les créateurs', 'Orange et vert aussi.'],
  ['Bleu marine ou bleu nuit ? Microsoft hésite pour Teams', ''],
  ["L'écran Bleu de la mort frappe les PC sous Windows", "Microsoft et CrowdStrike s'expliquent."],
  ['Ericsson et Nokia se partagent la 5G de SFR', ''],
  ['Bleu : la nouvelle couleur du logo Microsoft ?', ''],
  ['Bleu roi : la nouvelle identité visuelle de Capgemini', ''],
  ["Bleu, couleur Pantone de l'année", "Les designers du cloud l'adoptent."],
];

describe('default watch on other headlines', () => {
  const matcher = defaultMatcher();
  const posts = (title: string, summary: string): boolean =>
    matcher.match({ title, summary, categories: [] }).length === 1;

  it.each(relevant)('posts: %s', (title, summary) => {
    expect(posts(title, summary)).toBe(true);
  });

  it.each(traps)('ignores: %s', (title, summary) => {
    expect(posts(title, summary)).toBe(false);
  });

  it('lists the matched terms as written in the rule', () => {
    const summary = "La coentreprise d'Orange et de Capgemini";
    const input = { title: 'Bleu lance ses offres', summary, categories: [] };
    expect(matcher.match(input)).toEqual([
      { watch: 'cloud-souverain', terms: ['Bleu', 'Orange', 'Capgemini', 'coentreprise'] },
    ]);
  });

  it('explains why a Bleu headline is not posted', () => {
    const [explanation] = matcher.explain({ title: 'Bleu marine : le logo Microsoft', summary: '', categories: [] });
    expect(explanation?.reasons).toEqual(["'Bleu' found but excluded by 'marine' (within 1 word)"]);
  });
});
