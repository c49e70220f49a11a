import type { RuleField } from './rule-ast.js';
import type { TermIndex } from './term-index.js';
import { tokenize, type Token } from './tokenize.js';
import type { MatchInput } from './types.js';

/**
 * Where each atom occurs in an item. A zone is one tokenized text: the title, the summary, the
 * link, or one category; phrases and NEAR never span two zones. `start`/`end` are word indexes
 * (end exclusive) within the zone.
 */
export interface Occurrence {
  readonly atom: number;
  readonly zone: number;
  readonly start: number;
  readonly end: number;
}

export interface ItemScan {
  /** The field of each zone. */
  readonly zoneFields: readonly RuleField[];
  /** The text and words of each zone, for word classes and BEFORE/AFTER (looked at only when a rule needs them). */
  readonly zones: readonly ScannedZone[];
  /** Occurrences by atom id; atoms absent from the item have no entry. */
  readonly hits: ReadonlyMap<number, readonly Occurrence[]>;
}

export interface ScannedZone {
  readonly field: RuleField;
  readonly text: string;
  readonly tokens: readonly Token[];
}

/** Tokenizes each field of the item once and finds every atom of the index in it. */
export function scanItem(item: MatchInput, index: TermIndex): ItemScan {
  const zoneFields: RuleField[] = [];
  const zones: ScannedZone[] = [];
  const hits = new Map<number, Occurrence[]>();
  const scanZone = (field: RuleField, text: string): void => {
    const zone = zoneFields.length;
    zoneFields.push(field);
    zones.push({ field, text, tokens: scanText(text, field, zone, index, hits) });
  };
  scanZone('title', item.title);
  scanZone('summary', item.summary);
  if (item.link !== undefined) scanZone('link', item.link);
  for (const category of item.categories) scanZone('categories', category);
  return { zoneFields, zones, hits };
}

function scanText(
  text: string,
  field: RuleField,
  zone: number,
  index: TermIndex,
  hits: Map<number, Occurrence[]>,
): Token[] {
  const tokens = tokenize(text);
  const patternsAt = tokens.map((token) => index.patternsOf(token));
  patternsAt.forEach((patterns, start) => {
    for (const pattern of patterns) {
      for (const atomId of index.atomsStartingWith(pattern) ?? []) {
        const atom = index.atoms[atomId];
        if (atom === undefined || (atom.field !== null && atom.field !== field)) continue;
        const length = atom.patterns.length;
        let found = true;
        for (let offset = 1; found && offset < length; offset += 1) {
          const wanted = atom.patterns[offset];
          found = wanted !== undefined && (patternsAt[start + offset]?.includes(wanted) ?? false);
        }
        if (!found) continue;
        const occurrence: Occurrence = { atom: atomId, zone, start, end: start + length };
        const list = hits.get(atomId);
        if (list === undefined) hits.set(atomId, [occurrence]);
        else list.push(occurrence);
      }
    }
  });
  return tokens;
}
