import { describe, expect, it } from 'vitest';
import { foldAccents, foldWord } from '../../src/match/fold.js';
import { tokenize } from '../../src/match/tokenize.js';

const folded = (text: string): string[] => tokenize(text).map((token) => token.folded);
const cased = (text: string): string[] => tokenize(text).map((token) => token.cased);

describe('foldWord / foldAccents', () => {
  it.each([
    ['Sécurité', 'securite', 'Securite'],
    ['HUAWEI', 'huawei', 'HUAWEI'],
    ['Écran', 'ecran', 'Ecran'],
    ['souveraineté', 'souverainete', 'souverainete'],
    ['Œuvre', 'oeuvre', 'OEuvre'],
    ['cœur', 'coeur', 'coeur'],
    ['Lætitia', 'laetitia', 'Laetitia'],
    ['Straße', 'strasse', 'Strasse'],
    ['ﬁnance', 'finance', 'finance'],
    ['Ça', 'ca', 'Ca'],
    ['e\u0301cran', 'ecran', 'ecran'],
  ])('%s → %s / %s', (word, expectedFolded, expectedCased) => {
    expect(foldWord(word)).toBe(expectedFolded);
    expect(foldAccents(word)).toBe(expectedCased);
  });
});

describe('tokenize', () => {
  it.each([
    ['plain words', 'Huawei cloud ouvre', ['huawei', 'cloud', 'ouvre']],
    ["elision with '", "d'Huawei", ['huawei']],
    ['elision with ’', 'd’Huawei', ['huawei']],
    ['elision with ʼ', 'lʼAnssi', ['anssi']],
    ["l' c' s' n' j' m'", "l'Anssi c'est s'ouvre n'a j'ai m'a", ['anssi', 'est', 'ouvre', 'a', 'ai', 'a']],
    ["qu' jusqu' lorsqu' puisqu'", "qu'il jusqu'au lorsqu'elle puisqu'on", ['il', 'au', 'elle', 'on']],
    ['capitalised elision', "L'équipementier D’Orange", ['equipementier', 'orange']],
    ['other apostrophes split', "aujourd'hui", ['aujourd', 'hui']],
    ['possessive', "Huawei's launch", ['huawei', 'launch']],
    ['curly possessive', 'Bleu’s launch', ['bleu', 'launch']],
    ['elision and possessive', "d'Huawei's", ['huawei']],
    ['hyphenated compound', 'cloud-native Orange-Capgemini', ['cloud', 'native', 'orange', 'capgemini']],
    ['guillemets and narrow nbsp', '«\u202Fcloud de confiance\u202F»', ['cloud', 'de', 'confiance']],
    ['nbsp before colon', 'SecNumCloud\u00A0: le label', ['secnumcloud', 'le', 'label']],
    [
      'punctuation',
      'Huawei, ZTE; Nokia! (5G) «Bleu» [Azure]/Office',
      ['huawei', 'zte', 'nokia', '5g', 'bleu', 'azure', 'office'],
    ],
    ['digits stay in words', 'Microsoft 365 S3NS', ['microsoft', '365', 's3ns']],
    ['url', 'https://example.com/huawei-cloud', ['https', 'example', 'com', 'huawei', 'cloud']],
    ['empty', '', []],
    ['only punctuation', ' — ! ', []],
  ])('%s', (_name, text, expected) => {
    expect(folded(text)).toEqual(expected);
  });

  it.each([
    ['Le Bleu BLEU bleu', ['Le', 'Bleu', 'BLEU', 'bleu']],
    ["d'Écran", ['Ecran']],
  ])('keeps the case in the cased form: %s', (text, expected) => {
    expect(cased(text)).toEqual(expected);
  });

  it('reports offsets of each word in the original text', () => {
    expect(tokenize("Vers d’Huawei-Cloud").map((token) => [token.start, token.end])).toEqual([
      [0, 4],
      [7, 13],
      [14, 19],
    ]);
  });
});
