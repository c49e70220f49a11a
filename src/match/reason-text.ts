/** Wording of explanations: how terms are quoted and listed. */

const LISTED_CONTEXT_WORDS = 3;

/** `'Bleu'`, `'Bleu', 'bleu'`: each label quoted once, in the given order. */
export function quoteTerms(labels: readonly string[]): string {
  return unique(labels)
    .map((label) => `'${label}'`)
    .join(', ');
}

/** `Orange, Capgemini, Microsoft, …`: the first few context words, then an ellipsis. */
export function listContext(labels: readonly string[]): string {
  const words = unique(labels);
  const shown = words.slice(0, LISTED_CONTEXT_WORDS).join(', ');
  return words.length > LISTED_CONTEXT_WORDS ? `${shown}, …` : shown;
}

/** `'cloud'` for one term, `any of 'a', 'b'` for several. */
export function describeMissing(labels: readonly string[]): string {
  const words = unique(labels);
  if (words.length === 1) return quoteTerms(words);
  const more = words.length > LISTED_CONTEXT_WORDS ? ', …' : '';
  return `any of ${quoteTerms(words.slice(0, LISTED_CONTEXT_WORDS))}${more}`;
}

export function unique(labels: readonly string[]): string[] {
  return [...new Set(labels)];
}
