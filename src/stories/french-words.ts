import { stemmer } from '@orama/stemmers/french';
import { stopwords } from '@orama/stopwords/french';
import { foldWord } from '../match/fold.js';

/**
 * The Snowball French stop words, case- and accent-folded (`à` → `a`, `été` → `ete`): folded on
 * first use, as folding accents builds the fold tables (a cycle where every source answers 304
 * loads this module and analyses no item).
 */
let stopWords: ReadonlySet<string> | undefined;

/** Words too common in headlines to tell one story from another, beyond the Snowball list. */
const HEADLINE_FILLERS: ReadonlySet<string> = new Set(['plus', 'ses', 'leurs', 'vers', 'apres', 'avant', 'chez', 'contre', 'entre', 'selon', 'sous', 'tout', 'tous', 'toute', 'toutes', 'aussi', 'ainsi', 'comme', 'deja', 'encore', 'fait', 'faire']);

/**
 * Acronyms and shapes of the trade that are common nouns, not names: `l'IA`, `un PC`, `le RGPD`.
 * Spelt like names (`GPU`, `SaaS`), they are ordinary words for the story matcher.
 */
const COMMON_ACRONYMS: ReadonlySet<string> = new Set([
  'ia', 'ai', 'pc', 'gpu', 'cpu', 'api', 'rgpd', 'gdpr', 'saas', 'paas', 'iaas', 'dsi', 'rssi', 'pme', 'eti', 'tpe', 'ue',
  'iot', 'vpn', 'ssd', 'ram', 'erp', 'crm', 'si', 'it', 'pdg', 'ceo', 'cto', 'ciso', 'os', 'llm',
  'faq', 'tva', 'ddos', 'soc', 'siem', 'edr', 'xdr', 'mfa', 'sso', 'esn', 'b2b', 'b2c', '5g', '4g',
]);

/** A word that may be spelt like a name but is a common noun of the trade. */
export function isCommonAcronym(folded: string): boolean {
  return COMMON_ACRONYMS.has(folded);
}

export function isStopWord(folded: string): boolean {
  stopWords ??= new Set(stopwords.map((word) => foldWord(word)).filter((word) => word !== ''));
  return stopWords.has(folded) || HEADLINE_FILLERS.has(folded);
}

/**
 * The French Snowball stem of a word, folded: `qualifiée` → `qualifi`, `régions` → `region`.
 * Snowball expects the accented lower-case word, so the fold comes after the stem.
 * One instance per index keeps its own memo (headline vocabularies repeat a lot).
 */
export interface Stemmer {
  stem(word: string): string;
}

export function createStemmer(maxMemo = 50_000): Stemmer {
  const memo = new Map<string, string>();
  return {
    stem(word) {
      const known = memo.get(word);
      if (known !== undefined) return known;
      const stem = foldWord(stemmer(word.toLowerCase()));
      if (memo.size >= maxMemo) memo.clear();
      memo.set(word, stem);
      return stem;
    },
  };
}
