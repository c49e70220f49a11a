/** The parsed form of a watch rule (see `index.ts` for the language). */

export type RuleField = 'title' | 'summary' | 'categories' | 'link';

/** Field names accepted before `:`, lower-cased, with their field. */
export const FIELD_NAMES: ReadonlyMap<string, RuleField> = new Map([
  ['title', 'title'],
  ['summary', 'summary'],
  ['categories', 'categories'],
  ['category', 'categories'],
  ['link', 'link'],
]);

/** One word of a term: its folded text (case kept for case-sensitive terms); `prefix` for `souverain*`. */
export interface WordPattern {
  readonly text: string;
  readonly prefix: boolean;
}

/** A word or a phrase (several consecutive words). */
export interface TermNode {
  readonly kind: 'term';
  /** As written in the rule, without quotes, `=` or field prefix: `Bleu`, `souverain*`, `écran bleu`. */
  readonly label: string;
  readonly words: readonly WordPattern[];
  readonly caseSensitive: boolean;
  /** null: any field. */
  readonly field: RuleField | null;
  /** 0-based offset in the rule string (index of the entry for a keyword list). */
  readonly position: number;
}

export interface AndNode {
  readonly kind: 'and';
  readonly children: readonly RuleNode[];
}

export interface OrNode {
  readonly kind: 'or';
  readonly children: readonly RuleNode[];
}

export interface NotNode {
  readonly kind: 'not';
  readonly child: RuleNode;
}

/** `subject WITH context`: an occurrence of subject counts only if context is also in the item. */
export interface WithNode {
  readonly kind: 'with';
  readonly subject: RuleNode;
  readonly context: RuleNode;
}

/** `subject NEAR/distance context`: an occurrence of subject counts only with context within `distance` words. */
export interface NearNode {
  readonly kind: 'near';
  readonly subject: RuleNode;
  readonly context: RuleNode;
  readonly distance: number;
}

/**
 * `subject UNLESS context`: an occurrence of subject does not count when it is part of a context match;
 * `subject UNLESS NEAR/distance context`: nor when a context match is within `distance` words.
 */
export interface UnlessNode {
  readonly kind: 'unless';
  readonly subject: RuleNode;
  readonly context: RuleNode;
  readonly distance: number | null;
}

export type RuleNode = TermNode | AndNode | OrNode | NotNode | WithNode | NearNode | UnlessNode;

export interface ParsedRule {
  readonly root: RuleNode;
  /** Every term, in rule order. */
  readonly terms: readonly TermNode[];
}

/**
 * Whether a node denotes word occurrences (terms, OR of such, context filters) rather than a plain
 * yes/no (AND, NOT): only occurrences can be filtered by WITH/NEAR/UNLESS or used as NEAR/UNLESS context.
 */
export function isOccurrenceNode(node: RuleNode): boolean {
  switch (node.kind) {
    case 'term':
    case 'with':
    case 'near':
    case 'unless':
      return true;
    case 'or':
      return node.children.every(isOccurrenceNode);
    case 'and':
    case 'not':
      return false;
  }
}
