import { analyzeItem } from './analyze-item.js';
import { compareItems, inverseDocumentFrequency } from './compare-items.js';
import { createStemmer } from './french-words.js';
import type { StoryExplanation } from './story-explanation.js';
import type { StoryItem } from './story-item.js';

/**
 * Whether `item` tells the story of `candidate`, as the index would decide it in a window holding
 * these two items only (`veille story A B`). In a real window, words many items share weigh less.
 */
export function compareHeadlines(candidate: StoryItem, item: StoryItem): StoryExplanation {
  const stemmer = createStemmer();
  const first = analyzeItem(candidate, stemmer);
  const second = analyzeItem(item, stemmer);
  const idf = (term: string): number => inverseDocumentFrequency(2, (first.terms.has(term) ? 1 : 0) + (second.terms.has(term) ? 1 : 0));
  return compareItems(first, second, idf);
}
