import { describe, expect, it } from 'vitest';
import { compareHeadlines, type StoryItem, type StoryReason } from '../../src/stories/index.js';

interface Case {
  readonly name: string;
  readonly a: StoryItem;
  readonly b: StoryItem;
  readonly reason: StoryReason;
}

const item = (title: string, summary = '', source?: string): StoryItem => ({ title, summary, ...(source === undefined ? {} : { source }) });

/** Must-show 2 of issue 14: each case names the rule it exercises. */
const CASES: readonly Case[] = [
  // Names that differ: the same sentence about two companies is two stories.
  {
    name: 'two known companies, same sentence',
    a: item('NumSpot obtient la qualification SecNumCloud'),
    b: item('Cloud Temple obtient la qualification SecNumCloud'),
    reason: 'names-conflict',
  },
  {
    name: 'two unknown companies starting the headline',
    a: item('Wimi obtient la qualification SecNumCloud'),
    b: item('Cegedim obtient la qualification SecNumCloud'),
    reason: 'names-conflict',
  },
  {
    name: 'two places, same event',
    a: item('Cyberattaque : l’hôpital de Cannes visé par un rançongiciel'),
    b: item('Cyberattaque : l’hôpital d’Armentières visé par un rançongiciel'),
    reason: 'names-conflict',
  },
  {
    name: 'two known places',
    a: item('Huawei Cloud ouvre une région en Irlande'),
    b: item('Huawei Cloud ouvre une région en Allemagne'),
    reason: 'names-conflict',
  },
  {
    name: 'a name one outlet omits is not a conflict',
    a: item('NumSpot obtient la qualification SecNumCloud', 'La coentreprise emmenée par Docaposte franchit une étape.'),
    b: item('NumSpot décroche la qualification SecNumCloud de l’Anssi'),
    reason: 'similar',
  },
  {
    name: 'a capital and its country are one place',
    a: item('L’Espagne renonce à un contrat Huawei pour les écoutes judiciaires'),
    b: item('Écoutes judiciaires : Madrid annule son contrat avec Huawei'),
    reason: 'similar',
  },
  // Numbers that differ.
  {
    name: 'two amounts',
    a: item('OVHcloud publie un chiffre d’affaires en hausse de 9,8 %'),
    b: item('OVHcloud publie un chiffre d’affaires en hausse de 11,2 %'),
    reason: 'figures-conflict',
  },
  {
    name: 'two counts, one written in words',
    a: item('Bleu ouvre deux régions Azure en France'),
    b: item('Bleu ouvre trois régions Azure en France'),
    reason: 'figures-conflict',
  },
  {
    name: 'two years',
    a: item('Le Health Data Hub migrera vers SecNumCloud en 2026'),
    b: item('Le Health Data Hub migrera vers SecNumCloud en 2027'),
    reason: 'figures-conflict',
  },
  {
    name: 'the same figure written two ways',
    a: item('Orange Business supprime 1 200 postes en France'),
    b: item('Plan social : 1200 postes supprimés chez Orange Business'),
    reason: 'similar',
  },
  {
    name: 'a figure one outlet omits is not a conflict',
    a: item('Health Data Hub : la migration vers SecNumCloud repoussée à 2026'),
    b: item('Nouveau report pour la migration SecNumCloud du Health Data Hub'),
    reason: 'similar',
  },
  // The same players, another event.
  {
    name: 'same company and partners, another announcement',
    a: item('Bleu ouvre deux régions Azure en France', 'La coentreprise d’Orange et Capgemini met en service ses datacenters.'),
    b: item('Cloud souverain : Bleu publie sa grille tarifaire, plus chère qu’Azure', 'Orange et Capgemini justifient l’écart par l’exploitation en France.'),
    reason: 'only-organisations-shared',
  },
  {
    name: 'same company, the rubric word its only other word in common',
    a: item('Deux régions pour Bleu, le cloud Azure d’Orange et Capgemini', 'Les datacenters de la coentreprise sont opérationnels.'),
    b: item('Cloud souverain : Bleu publie sa grille tarifaire, plus chère qu’Azure', 'Orange et Capgemini justifient l’écart par l’exploitation en France.'),
    reason: 'only-organisations-shared',
  },
  {
    name: 'a figure on one side, a company on the other',
    a: item('SecNumCloud 3.2 : ce qui change dans le référentiel de l’Anssi', 'Nouvelle version publiée ce mardi par l’agence.'),
    b: item('Cloud de confiance : NumSpot décroche le visa SecNumCloud de l’Anssi', 'La coentreprise emmenée par Docaposte franchit une étape clé.'),
    reason: 'specifics-conflict',
  },
  {
    name: 'nothing in common',
    a: item('Scaleway engage la qualification SecNumCloud de son cloud'),
    b: item('Le Royaume-Uni repousse le retrait des équipements Huawei'),
    reason: 'names-conflict',
  },
  {
    name: 'one common word only, in longer headlines',
    a: item('La doctrine cloud au centre impose SecNumCloud aux administrations'),
    b: item('La migration vers le cloud des hôpitaux prend du retard'),
    reason: 'too-little-shared',
  },
  {
    name: 'two common words in long, different headlines',
    a: item('Les hôpitaux publics accélèrent la migration de leurs données vers le cloud', 'Un rapport de la Cour des comptes pointe les retards.'),
    b: item('Les collectivités territoriales préparent la migration de leurs messageries vers le cloud', 'Un appel d’offres groupé est lancé par une centrale d’achat.'),
    reason: 'below-threshold',
  },
  // The same story told with another verb.
  {
    name: 'another verb',
    a: item('NumSpot obtient la qualification SecNumCloud'),
    b: item('NumSpot décroche la qualification SecNumCloud'),
    reason: 'similar',
  },
  {
    name: 'another verb and word order',
    a: item('Huawei présente son premier PC sous HarmonyOS'),
    b: item('MateBook : Huawei abandonne Windows pour HarmonyOS sur ses PC', 'Un premier ordinateur portable sous le système maison.'),
    reason: 'similar',
  },
  {
    name: 'inflections the stemmer leaves apart (tarifs / tarifaire)',
    a: item('Bleu dévoile les tarifs de son offre Azure'),
    b: item('Bleu publie sa grille tarifaire pour Azure'),
    reason: 'similar',
  },
  // Very short headlines.
  {
    name: 'very short, same story',
    a: item('Panne chez OVHcloud'),
    b: item('OVHcloud en panne'),
    reason: 'similar',
  },
  {
    name: 'very short, two companies',
    a: item('Panne chez OVHcloud'),
    b: item('Panne chez Scaleway'),
    reason: 'names-conflict',
  },
  {
    name: 'very short, one common word only',
    a: item('Cloud souverain'),
    b: item('Cloud hybride : le guide'),
    reason: 'too-little-shared',
  },
  // An aggregator's " - Outlet" suffix.
  {
    name: 'Google News suffix on one side',
    a: item('Microsoft 365 en panne : Teams et Outlook touchés - Clubic', '', 'Google News'),
    b: item('Panne de Microsoft 365 : Outlook et Teams inaccessibles'),
    reason: 'similar',
  },
  {
    name: 'Google News suffixes of two outlets on two stories',
    a: item('NumSpot obtient la qualification SecNumCloud - LeMagIT', '', 'Google News'),
    b: item('Cloud Temple obtient la qualification SecNumCloud - Le Monde Informatique', '', 'Google News'),
    reason: 'names-conflict',
  },
  // All-caps headlines.
  {
    name: 'all caps against normal case',
    a: item('La Cnil inflige une amende de 40 millions d’euros à Criteo'),
    b: item('RGPD : CRITEO ÉCOPE D’UNE AMENDE DE 40 MILLIONS D’EUROS DE LA CNIL'),
    reason: 'similar',
  },
  {
    name: 'all caps, another figure',
    a: item('La Cnil inflige une amende de 40 millions d’euros à Criteo'),
    b: item('LA CNIL INFLIGE UNE AMENDE DE 150 MILLIONS D’EUROS À CRITEO'),
    reason: 'figures-conflict',
  },
  {
    name: 'all caps, another known company',
    a: item('NUMSPOT OBTIENT LA QUALIFICATION SECNUMCLOUD'),
    b: item('SCALEWAY OBTIENT LA QUALIFICATION SECNUMCLOUD'),
    reason: 'names-conflict',
  },
  // Empty summaries.
  {
    name: 'both summaries empty',
    a: item('Huawei Cloud ouvre une région en Irlande', ''),
    b: item('Huawei Cloud s’implante à Dublin avec une nouvelle région', ''),
    reason: 'similar',
  },
  {
    name: 'one summary empty',
    a: item('L’Anssi publie la version 3.2 du référentiel SecNumCloud', 'Le référentiel renforce les exigences de protection.'),
    b: item('SecNumCloud 3.2 : ce qui change dans le référentiel de l’Anssi', ''),
    reason: 'similar',
  },
];

describe('story matcher: two headlines', () => {
  it.each(CASES.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const explanation = compareHeadlines(entry.a, entry.b);
    expect(explanation.reason, JSON.stringify(explanation)).toBe(entry.reason);
    expect(explanation.decision).toBe(entry.reason === 'similar' ? 'same-story' : 'different-stories');
  });

  it('is symmetric in its decision for every case', () => {
    for (const entry of CASES) expect(compareHeadlines(entry.b, entry.a).reason, entry.name).toBe(entry.reason);
  });
});
