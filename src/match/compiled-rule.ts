import { isOccurrenceNode, type ContextOrder, type RuleField, type RuleNode, type TermNode, type WordClass } from './rule-ast.js';
import type { TermIndexBuilder } from './term-index.js';

/**
 * A parsed rule bound to the shared term index: each term gets a term id (its place in the list of
 * all terms of all watches, in rule order) and an atom id (what the item scan reports).
 */
export type CompiledNode =
  | TermCompiledNode
  | ClassCompiledNode
  | { readonly kind: 'and'; readonly children: readonly CompiledNode[] }
  | OrCompiledNode
  | { readonly kind: 'not'; readonly child: CompiledNode }
  | ContextNode;

export interface TermCompiledNode {
  readonly kind: 'term';
  readonly term: number;
  readonly atom: number;
}

/** A word class (`[Capitalised]`): checked on the item's words when evaluated, not in the term index. */
export interface ClassCompiledNode {
  readonly kind: 'class';
  readonly term: number;
  readonly wordClass: WordClass;
  readonly field: RuleField | null;
}

export interface OrCompiledNode {
  readonly kind: 'or';
  readonly children: readonly CompiledNode[];
  /** Whether it denotes occurrences (all children do). */
  readonly occurrences: boolean;
  /** The plain-term children by atom, so a long OR list is evaluated from the item's hits, not child by child. */
  readonly termsByAtom: ReadonlyMap<number, readonly TermCompiledNode[]>;
  readonly otherChildren: readonly CompiledNode[];
}

export interface ContextNode {
  readonly kind: 'with' | 'near' | 'unless';
  readonly subject: CompiledNode;
  readonly context: CompiledNode;
  /** Whether the context denotes occurrences (else it is a yes/no, only allowed after WITH). */
  readonly contextOccurrences: boolean;
  /** NEAR distance; for UNLESS, null means "overlapping" only. */
  readonly distance: number | null;
  /** `before`/`after` for BEFORE/AFTER (also after UNLESS): that side only, no punctuation between. */
  readonly order: ContextOrder;
  /** Positive terms of the context, for explanations. */
  readonly contextTerms: readonly number[];
}

export interface CompiledTerm {
  readonly label: string;
  /** -1 for a word class (not in the term index). */
  readonly atom: number;
}

export interface CompiledWatch {
  readonly name: string;
  readonly root: CompiledNode;
  /** Term ids of this watch, in rule order. */
  readonly terms: readonly number[];
  /**
   * Atoms at least one of which must be in an item for the rule to possibly match (context words
   * and exclusions are not triggers); null when the rule can match without any term (`NOT x`).
   */
  readonly triggers: ReadonlySet<number> | null;
}

export function compileWatch(
  name: string,
  root: RuleNode,
  index: TermIndexBuilder,
  allTerms: CompiledTerm[],
): CompiledWatch {
  const terms: number[] = [];
  const addTerm = (term: TermNode): TermCompiledNode => {
    const atom = index.addTerm(term);
    const id = allTerms.length;
    allTerms.push({ label: term.label, atom });
    terms.push(id);
    return { kind: 'term', term: id, atom };
  };
  const addClass = (term: TermNode, wordClass: WordClass): ClassCompiledNode => {
    const id = allTerms.length;
    allTerms.push({ label: term.label, atom: -1 });
    terms.push(id);
    return { kind: 'class', term: id, wordClass, field: term.field };
  };
  const compile = (node: RuleNode): CompiledNode => {
    switch (node.kind) {
      case 'term':
        return node.wordClass === undefined ? addTerm(node) : addClass(node, node.wordClass);
      case 'and':
        return { kind: 'and', children: node.children.map(compile) };
      case 'or': {
        const children = node.children.map(compile);
        const termsByAtom = new Map<number, TermCompiledNode[]>();
        for (const child of children) {
          if (child.kind !== 'term') continue;
          const list = termsByAtom.get(child.atom);
          if (list === undefined) termsByAtom.set(child.atom, [child]);
          else list.push(child);
        }
        const otherChildren = children.filter((child) => child.kind !== 'term');
        return { kind: 'or', children, occurrences: isOccurrenceNode(node), termsByAtom, otherChildren };
      }
      case 'not':
        return { kind: 'not', child: compile(node.child) };
      case 'with':
      case 'near':
      case 'unless': {
        const subject = compile(node.subject);
        const context = compile(node.context);
        return {
          kind: node.kind,
          subject,
          context,
          contextOccurrences: isOccurrenceNode(node.context),
          distance: node.kind === 'with' ? null : node.distance,
          order: node.kind === 'with' ? 'any' : node.order,
          contextTerms: positiveTerms(context),
        };
      }
    }
  };
  const compiledRoot = compile(root);
  return { name, root: compiledRoot, terms, triggers: triggerAtoms(compiledRoot) };
}

function triggerAtoms(node: CompiledNode): ReadonlySet<number> | null {
  switch (node.kind) {
    case 'term':
      return new Set([node.atom]);
    case 'class':
      // Any capitalised word: the watch cannot be woken by the term index.
      return null;
    case 'or': {
      const union = new Set<number>();
      for (const child of node.children) {
        const triggers = triggerAtoms(child);
        if (triggers === null) return null;
        for (const atom of triggers) union.add(atom);
      }
      return union;
    }
    case 'and': {
      // Any child's triggers are necessary; the smallest set wakes the watch least often.
      let best: ReadonlySet<number> | null = null;
      for (const child of node.children) {
        const triggers = triggerAtoms(child);
        if (triggers !== null && (best === null || triggers.size < best.size)) best = triggers;
      }
      return best;
    }
    case 'not':
      return null;
    case 'with':
    case 'near':
    case 'unless':
      return triggerAtoms(node.subject);
  }
}

/** Term ids reachable without crossing a NOT or an UNLESS context: the words a node looks for. */
export function positiveTerms(node: CompiledNode): number[] {
  switch (node.kind) {
    case 'term':
    case 'class':
      return [node.term];
    case 'and':
    case 'or':
      return node.children.flatMap(positiveTerms);
    case 'not':
      return [];
    case 'with':
    case 'near':
      return [...positiveTerms(node.subject), ...positiveTerms(node.context)];
    case 'unless':
      return positiveTerms(node.subject);
  }
}
