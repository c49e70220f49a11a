import { tokenize } from '../match/tokenize.js';
import { createStemmer } from './french-words.js';

/**
 * Names the matcher knows: organisations of the French IT and cloud news, and places with their
 * capitals and adjectives (`Madrid`, `espagnol` → `espagne`), so that two outlets naming the same
 * thing differently still agree, and `Irlande` vs `Allemagne` still conflict.
 * A known name is a name even at the start of a headline (`Scaleway engage…`), where the case says nothing.
 */
export type KnownKind = 'organisation' | 'place';

export interface KnownName {
  readonly canonical: string;
  readonly kind: KnownKind;
  /** Stems of its words, in order. */
  readonly stems: readonly string[];
  /** Counts only when its first word is capitalised (`Orange`, `Bleu`; not `bleu`, `orange`). */
  readonly needsCapital: boolean;
}

const ORGANISATIONS: readonly (string | readonly string[])[] = [
  'Anssi', 'Cnil', 'Arcep', 'Cigref', 'Numeum', 'Cesin', 'Clusif', 'Dinum', 'Bpifrance', 'Gaia-X',
  ['Orange', 'Orange Business', 'Orange Business Services'], 'Bleu', 'Capgemini', 'Thales', 'S3NS', 'NumSpot',
  'Docaposte', 'La Poste', 'Dassault Systèmes', 'Bouygues Telecom', 'SFR', 'Iliad', 'Scaleway', ['OVHcloud', 'OVH'],
  'Outscale', 'Cloud Temple', 'Atos', 'Eviden', 'Sopra Steria', 'Worldline', 'Ionos', 'Hetzner', 'Equinix', 'Data4',
  'Banque des Territoires', 'Caisse des Dépôts', 'Health Data Hub', 'Commission européenne', 'Union européenne',
  'Microsoft', ['Azure', 'Microsoft Azure'], ['Google', 'Google Cloud'], ['Amazon', 'AWS', 'Amazon Web Services'], 'Oracle', 'IBM',
  'Huawei', 'ZTE', 'Apple', 'Meta', 'Alibaba', 'Tencent', 'Salesforce', 'SAP', 'VMware', 'Broadcom', 'Nvidia', 'Intel',
  'AMD', 'Cisco', 'Dell', 'HPE', 'Kyndryl', 'Accenture', 'Mistral AI', 'OpenAI', 'Anthropic', 'Free', 'Nokia', 'Ericsson',
];

/** Each place: its name first, then other names and adjectives that point to it. */
const PLACES: readonly (readonly string[])[] = [
  ['France', 'Paris', 'français', 'française', 'Hexagone'],
  ['Allemagne', 'Berlin', 'allemand', 'allemande'],
  ['Espagne', 'Madrid', 'espagnol', 'espagnole'],
  ['Italie', 'Rome', 'italien', 'italienne'],
  ['Royaume-Uni', 'Londres', 'britannique', 'Angleterre', 'anglais'],
  ['Irlande', 'Dublin', 'irlandais', 'irlandaise'],
  ['Belgique', 'belge'],
  ['Pays-Bas', 'Amsterdam', 'néerlandais', 'néerlandaise'],
  ['Suisse', 'Zurich', 'Genève', 'Berne'],
  ['Luxembourg', 'luxembourgeois'],
  ['Portugal', 'Lisbonne', 'portugais', 'portugaise'],
  ['Pologne', 'Varsovie', 'polonais', 'polonaise'],
  ['Suède', 'Stockholm', 'suédois', 'suédoise'],
  ['Finlande', 'Helsinki', 'finlandais'],
  ['Norvège', 'Oslo', 'norvégien'],
  ['Danemark', 'Copenhague', 'danois'],
  ['Autriche', 'Vienne', 'autrichien'],
  ['Europe', 'européen', 'européenne', 'Bruxelles', 'Vieux Continent'],
  ['États-Unis', 'Washington', 'américain', 'américaine', 'USA'],
  ['Canada', 'canadien', 'canadienne', 'Québec'],
  ['Chine', 'Pékin', 'Shenzhen', 'chinois', 'chinoise'],
  ['Japon', 'Tokyo', 'japonais', 'japonaise'],
  ['Corée', 'Séoul', 'coréen', 'coréenne'],
  ['Inde', 'indien', 'indienne'],
  ['Russie', 'Moscou', 'russe'],
  ['Ukraine', 'Kiev', 'ukrainien', 'ukrainienne'],
  ['Israël', 'israélien'],
  ['Maroc', 'marocain'],
  ['Afrique', 'africain', 'africaine'],
  ['Asie', 'asiatique'],
  ['Lyon'], ['Marseille'], ['Lille'], ['Toulouse'], ['Nantes'], ['Bordeaux'], ['Strasbourg'], ['Rennes'], ['Nice'], ['Grenoble'],
];

const stemmer = createStemmer();

function stemsOf(text: string): string[] {
  return tokenize(text).map((token) => stemmer.stem(token.folded));
}

interface Gazetteer {
  /** The known names by the stem of their first word, longest first. */
  readonly byFirst: ReadonlyMap<string, readonly KnownName[]>;
  /** Their canonical keys. */
  readonly keys: ReadonlySet<string>;
}

function build(): Gazetteer {
  const byFirst = new Map<string, KnownName[]>();
  const keys = new Set<string>();
  const add = (form: string, canonical: string, kind: KnownKind): void => {
    const stems = stemsOf(form);
    const first = stems[0];
    if (first === undefined) return;
    const needsCapital = /^\p{Lu}/u.test(form);
    const list = byFirst.get(first) ?? [];
    list.push({ canonical, kind, stems, needsCapital });
    byFirst.set(first, list);
    keys.add(canonical);
  };
  for (const entry of ORGANISATIONS) {
    const forms = typeof entry === 'string' ? [entry] : entry;
    const canonical = stemsOf(forms[0] ?? '').join(' ');
    for (const form of forms) add(form, canonical, 'organisation');
  }
  for (const forms of PLACES) {
    const canonical = stemsOf(forms[0] ?? '').join(' ');
    for (const form of forms) add(form, canonical, 'place');
  }
  // Longest names first, so `Orange Business` wins over `Orange`.
  for (const list of byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return { byFirst, keys };
}

/** Built on first use (stemming every name costs about 14 ms): a cycle that places no item never needs it. */
let gazetteer: Gazetteer | undefined;

/** The known names that may start at a word of stem `stem`, longest first. */
export function knownNamesStartingWith(stem: string): readonly KnownName[] {
  gazetteer ??= build();
  return gazetteer.byFirst.get(stem) ?? [];
}

/** Whether `key` is a known name's canonical key (`irland`, `cloud templ`). */
export function isKnownKey(key: string): boolean {
  gazetteer ??= build();
  return gazetteer.keys.has(key);
}
