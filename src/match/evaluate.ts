import {
  positiveTerms,
  type CompiledNode,
  type CompiledTerm,
  type ContextNode,
  type OrCompiledNode,
} from './compiled-rule.js';
import { describeMissing, listContext, quoteTerms } from './reason-text.js';
import type { Occurrence } from './scan-item.js';

/** A term that took part in a match, and the zone where it was found. */
export interface Contribution {
  readonly term: number;
  readonly zone: number;
}

/** One place where a term (or a filtered term) counts, with the context words that let it count. */
interface TermOccurrence extends Contribution {
  readonly start: number;
  readonly end: number;
  readonly support: readonly Contribution[];
}

export interface Value {
  readonly ok: boolean;
  /** Occurrence nodes: the occurrences that still count. Yes/no nodes: null. */
  readonly occurrences: readonly TermOccurrence[] | null;
  /** Yes/no nodes: the terms that made it true. */
  readonly contributions: readonly Contribution[];
  /** Only when explaining and not ok: why not. */
  readonly notes: readonly string[];
}

export interface EvaluationContext {
  readonly hits: ReadonlyMap<number, readonly Occurrence[]>;
  readonly terms: readonly CompiledTerm[];
  /** Collect notes and evaluate every branch (no short-circuit). */
  readonly explain: boolean;
}

const NONE: readonly never[] = [];
const NOT_FOUND: Value = { ok: false, occurrences: NONE, contributions: NONE, notes: NONE };

/**
 * Evaluates a compiled rule against the occurrences found in one item. Terms, OR-groups of terms and
 * context filters carry occurrences, so WITH/NEAR/UNLESS judge each occurrence on its own
 * ("Bleu" in the title may count while "bleu" in "écran bleu" does not); AND and NOT are yes/no.
 */
export function evaluateRule(node: CompiledNode, context: EvaluationContext): Value {
  switch (node.kind) {
    case 'term': {
      const found = context.hits.get(node.atom);
      if (found === undefined) return NOT_FOUND;
      return occurrenceValue(
        found.map((hit) => ({ term: node.term, zone: hit.zone, start: hit.start, end: hit.end, support: NONE })),
        NONE,
      );
    }
    case 'or': {
      const values = evaluateOrChildren(node, context);
      if (node.occurrences) {
        const occurrences = values.flatMap((value) => value.occurrences ?? NONE);
        return occurrenceValue(occurrences, occurrences.length > 0 ? NONE : values.flatMap((value) => value.notes));
      }
      const passing = values.filter((value) => value.ok);
      if (passing.length > 0) return yesNo(true, passing.flatMap(contributionsOf), NONE);
      return yesNo(false, NONE, values.flatMap((value) => value.notes));
    }
    case 'and':
      return context.explain ? explainAnd(node.children, context) : evaluateAnd(node.children, context);
    case 'not': {
      const value = evaluateRule(node.child, context);
      if (!value.ok) return yesNo(true, NONE, NONE);
      if (!context.explain) return yesNo(false, NONE, NONE);
      return yesNo(false, NONE, [`excluded by NOT ${quoteTerms(labelsOf(contributionsOf(value), context))}`]);
    }
    case 'with':
    case 'near':
    case 'unless':
      return evaluateContext(node, context);
  }
}

/**
 * The values of an OR's children that can be true. A long list of plain terms is walked from the
 * item's hits (usually few) rather than term by term, so its cost does not grow with the list.
 */
function evaluateOrChildren(node: OrCompiledNode, context: EvaluationContext): Value[] {
  if (node.termsByAtom.size <= context.hits.size) return node.children.map((child) => evaluateRule(child, context));
  const values = node.otherChildren.map((child) => evaluateRule(child, context));
  for (const atom of context.hits.keys()) {
    for (const term of node.termsByAtom.get(atom) ?? NONE) values.push(evaluateRule(term, context));
  }
  return values;
}

/** Every term (with its zone) that made a true value true. */
export function contributionsOf(value: Value): readonly Contribution[] {
  return value.occurrences === null ? value.contributions : value.occurrences.flatMap(occurrenceContributions);
}

function evaluateAnd(children: readonly CompiledNode[], context: EvaluationContext): Value {
  const contributions: Contribution[] = [];
  for (const child of children) {
    const value = evaluateRule(child, context);
    if (!value.ok) return yesNo(false, NONE, NONE);
    contributions.push(...contributionsOf(value));
  }
  return yesNo(true, contributions, NONE);
}

function explainAnd(children: readonly CompiledNode[], context: EvaluationContext): Value {
  const values = children.map((child) => evaluateRule(child, context));
  if (values.every((value) => value.ok)) return yesNo(true, values.flatMap(contributionsOf), NONE);
  const found = labelsOf(values.filter((value) => value.ok).flatMap(contributionsOf), context);
  const missing = children
    .filter((_, index) => values[index]?.ok === false && values[index].notes.length === 0)
    .flatMap(positiveTerms)
    .map((term) => labelOf(term, context));
  const notes: string[] = [];
  if (found.length > 0 && missing.length > 0) {
    notes.push(`${quoteTerms(found)} found but not ${describeMissing(missing)}`);
  }
  notes.push(...values.flatMap((value) => (value.ok ? NONE : value.notes)));
  return yesNo(false, NONE, notes);
}

function evaluateContext(node: ContextNode, context: EvaluationContext): Value {
  const subject = evaluateRule(node.subject, context);
  const candidates = subject.occurrences ?? NONE;
  if (candidates.length === 0) return subject;
  const around = evaluateRule(node.context, context);
  const aroundOccurrences = around.occurrences ?? NONE;
  const kept: TermOccurrence[] = [];
  const blockers: Contribution[] = [];
  for (const candidate of candidates) {
    if (node.kind === 'unless') {
      const limit = node.distance ?? 0;
      const blocking = aroundOccurrences.filter(
        (other) => other.zone === candidate.zone && wordDistance(candidate, other) <= limit,
      );
      if (blocking.length === 0) kept.push(candidate);
      else blockers.push(...blocking);
      continue;
    }
    let support: readonly Contribution[];
    if (!node.contextOccurrences) {
      support = around.ok ? around.contributions : NONE;
    } else {
      const limit = node.kind === 'near' ? (node.distance ?? 0) : Number.POSITIVE_INFINITY;
      support = aroundOccurrences
        .filter(
          (other) =>
            !sameWords(candidate, other) &&
            (node.kind === 'with' || (other.zone === candidate.zone && wordDistance(candidate, other) <= limit)),
        )
        .flatMap(occurrenceContributions);
    }
    if (support.length > 0) kept.push({ ...candidate, support: [...candidate.support, ...support] });
  }
  if (kept.length > 0 || !context.explain) return occurrenceValue(kept, NONE);
  const found = quoteTerms(labelsOf(candidates, context));
  if (node.kind === 'unless') {
    const where = node.distance === null ? '' : ` (within ${words(node.distance)})`;
    return occurrenceValue(NONE, [`${found} found but excluded by ${quoteTerms(labelsOf(blockers, context))}${where}`]);
  }
  const contextWords = listContext(node.contextTerms.map((term) => labelOf(term, context)));
  const where = node.kind === 'with' ? 'anywhere in the item' : `within ${words(node.distance ?? 0)}`;
  return occurrenceValue(NONE, [`${found} found but no context word (${contextWords}) ${where}`]);
}

function words(count: number): string {
  return count === 1 ? '1 word' : `${count} words`;
}

/** Words between two spans of the same zone: 0 when they overlap, 1 when adjacent. */
function wordDistance(a: TermOccurrence, b: TermOccurrence): number {
  if (a.start < b.end && b.start < a.end) return 0;
  return a.end <= b.start ? b.start - a.end + 1 : a.start - b.end + 1;
}

/** A word is not its own context: `cloud NEAR/3 cloud*` needs two different places. */
function sameWords(a: TermOccurrence, b: TermOccurrence): boolean {
  return a.zone === b.zone && a.start === b.start && a.end === b.end;
}

function occurrenceContributions(occurrence: TermOccurrence): Contribution[] {
  return [{ term: occurrence.term, zone: occurrence.zone }, ...occurrence.support];
}

function occurrenceValue(occurrences: readonly TermOccurrence[], notes: readonly string[]): Value {
  return { ok: occurrences.length > 0, occurrences, contributions: NONE, notes };
}

function yesNo(ok: boolean, contributions: readonly Contribution[], notes: readonly string[]): Value {
  return { ok, occurrences: null, contributions, notes };
}

function labelsOf(contributions: readonly Contribution[], context: EvaluationContext): string[] {
  return [...contributions].sort((a, b) => a.term - b.term).map((item) => labelOf(item.term, context));
}

function labelOf(term: number, context: EvaluationContext): string {
  return context.terms[term]?.label ?? '';
}
