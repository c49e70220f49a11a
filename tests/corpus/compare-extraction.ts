import { inlineHtmlToText } from '../../src/parse/html-to-text.js';
import { normalizeLink } from '../../src/parse/normalize-link.js';
import { feedUrlOf, PROF18_BASE_FEED_URL, type ManifestRow } from './corpus-files.js';
import type { Expected, FileExpectation } from './corpus-expectations.js';
import type { CorpusOutcome } from './run-corpus-file.js';

export type Field = 'feedTitle' | 'itemCount' | 'firstTitle' | 'firstLink';
export const FIELDS: readonly Field[] = ['feedTitle', 'itemCount', 'firstTitle', 'firstLink'];

export interface FieldComparison {
  readonly field: Field;
  readonly oracle: string;
  /** Both sides in the comparison's common form (see compareExtraction). */
  readonly expected: string | number | null;
  readonly actual: string | number | null;
  readonly agrees: boolean;
}

/**
 * Our extraction against each field an oracle states. Oracles differ in semantics (raw HTML or
 * text, relative or resolved links, tracking parameters kept), so both sides are brought to one
 * form: titles as plain text (entities decoded, tags stripped, white space folded; the expected
 * side goes through the same inlineHtmlToText as ours), links normalized against the same feed
 * URL, and a missing value is null (an empty title counts as missing).
 */
export function compareExtraction(row: ManifestRow, expectation: FileExpectation, outcome: CorpusOutcome): FieldComparison[] {
  const comparisons: FieldComparison[] = [];
  for (const field of FIELDS) {
    const expected = expectation[field] as Expected<string | number | null> | undefined;
    if (expected === undefined) continue;
    const wanted = canonical(row, field, expected.value);
    const actual = outcome.ok ? actualValue(field, outcome) : null;
    comparisons.push({ field, oracle: expected.oracle, expected: wanted, actual, agrees: outcome.ok && wanted === actual });
  }
  return comparisons;
}

function actualValue(field: Field, outcome: Extract<CorpusOutcome, { ok: true }>): string | number | null {
  switch (field) {
    case 'feedTitle':
      return emptyAsNull(outcome.feed.title);
    case 'itemCount':
      return outcome.items.length;
    case 'firstTitle':
      return outcome.items[0] === undefined ? null : emptyAsNull(outcome.items[0].title);
    case 'firstLink':
      return outcome.items[0]?.link ?? null;
  }
}

function canonical(row: ManifestRow, field: Field, value: string | number | null): string | number | null {
  if (value === null || typeof value === 'number') return value;
  if (field === 'firstLink') {
    const href = value.replace('$BASE_FEED_URL', PROF18_BASE_FEED_URL);
    return normalizeLink(href, feedUrlOf(row)) ?? null;
  }
  return emptyAsNull(inlineHtmlToText(value));
}

function emptyAsNull(value: string): string | null {
  return value === '' ? null : value;
}
