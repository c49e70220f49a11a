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
  /**
   * A word class instead of words (`[Capitalised]`): any word of that class matches; `words` is
   * empty. Classes are not in the term index: they are checked on the item's words only when a
   * rule that uses them is evaluated.
   */
  readonly wordClass?: WordClass;
}

/** `[Capitalised]`: a word whose first letter is upper case (`Auvergne`, `EDF`; not `bleu`, `365`). */
export type WordClass = 'capitalised';

/** Word classes by the name written between brackets, lower-cased (both spellings accepted). */
export const WORD_CLASSES: ReadonlyMap<string, WordClass> = new Map([
  ['capitalised', 'capitalised'],
  ['capitalized', 'capitalised'],
]);

/**
 * Where a context must be: `any` side within the distance (NEAR), or only `before`/`after` the
 * subject (BEFORE: the context follows the subject; AFTER: it precedes it), in the same run of
 * words: no punctuation between them.
 */
export type ContextOrder = 'any' | 'before' | 'after';

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

/**
 * `subject NEAR/distance context`: an occurrence of subject counts only with context within `distance` words;
 * `subject BEFORE/distance context` (order `before`): only with context starting within `distance` words after
 * it, and `AFTER` (order `after`) ending within `distance` words before it, with no punctuation between.
 */
export interface NearNode {
  readonly kind: 'near';
  readonly subject: RuleNode;
  readonly context: RuleNode;
  readonly distance: number;
  readonly order: ContextOrder;
}

/**
 * `subject UNLESS context`: an occurrence of subject does not count when it is part of a context match;
 * `subject UNLESS NEAR/distance context`: nor when a context match is within `distance` words;
 * `subject UNLESS BEFORE/distance context` / `UNLESS AFTER/distance`: nor when one is on that side.
 */
export interface UnlessNode {
  readonly kind: 'unless';
  readonly subject: RuleNode;
  readonly context: RuleNode;
  readonly distance: number | null;
  /** `UNLESS BEFORE/n`, `UNLESS AFTER/n`: only a context on that side, with no punctuation between. */
  readonly order: ContextOrder;
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
