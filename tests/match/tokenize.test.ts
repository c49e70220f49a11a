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

/** The regexp definition the scanner implements (how tokenize was written before it was a scanner). */
function referenceTokenize(text: string): { folded: string; cased: string; start: number; end: number }[] {
  const tokens: { folded: string; cased: string; start: number; end: number }[] = [];
  const source = text.replaceAll('ʼ', "'");
  const token = (word: string, start: number) => {
    const casedWord = foldAccents(word);
    return { folded: casedWord.toLowerCase(), cased: casedWord, start, end: start + word.length };
  };
  const elisions = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);
  for (const run of source.matchAll(/[\p{L}\p{N}\p{M}]+(?:['’‘][\p{L}\p{N}\p{M}]+)*/gu)) {
    const parts = [...run[0].matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((part) => token(part[0], run.index + part.index));
    let first = 0;
    let last = parts.length;
    while (last - first > 1 && elisions.has(parts[first]?.folded ?? '')) first += 1;
    if (last - first > 1 && parts[last - 1]?.folded === 's') last -= 1;
    tokens.push(...parts.slice(first, last));
  }
  return tokens;
}

describe('tokenize agrees with its regexp definition', () => {
  // Letters, digits, marks, apostrophes of every kind, spaces, punctuation, astral characters.
  const alphabet = [...'aeslqdtHuÉéèœßçn0 9', "'", '’', '‘', 'ʼ', '\u0301', '\u00a0', '\u202f', '-', '«', '»', '.', '😀', '𝐀', '\ud835', 'ю', '漢', '٣'];
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const texts = Array.from({ length: 3000 }, () =>
    Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)] ?? '').join(''),
  );

  it('on 3,000 random strings over a tricky alphabet', () => {
    const disagreements = texts.filter((text) => JSON.stringify(tokenize(text)) !== JSON.stringify(referenceTokenize(text)));
    expect(disagreements).toEqual([]);
  });
});

describe('foldAccents agrees with its definition (ligatures spelt out, NFKD, marks removed)', () => {
  const reference = (word: string): string =>
    word
      .replace(/[œŒæÆßẞ]/gu, (ligature) => ({ œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss', ẞ: 'SS' })[ligature] ?? ligature)
      .normalize('NFKD')
      .replace(/\p{M}/gu, '');

  it('for every character below U+0250 alone (the table of the fast path)', () => {
    const characters = Array.from({ length: 0x250 }, (_, code) => String.fromCharCode(code));
    expect(characters.filter((character) => foldAccents(character) !== reference(character))).toEqual([]);
  });

  it('on 3,000 random words mixing ASCII, Latin, combining marks and other scripts', () => {
    const alphabet = [...'aEz09éÉèçÇœŒæßĳŉªſǅ', '\u0301', '\u0327', 'ю', 'Ά', 'ẞ', '½', 'ﬁ'];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const words = Array.from({ length: 3000 }, () =>
      Array.from({ length: 1 + Math.floor(random() * 10) }, () => alphabet[Math.floor(random() * alphabet.length)] ?? '').join(''),
    );
    expect(words.filter((word) => foldAccents(word) !== reference(word))).toEqual([]);
  });
});
