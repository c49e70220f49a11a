import {
  positiveTerms,
  type ClassCompiledNode,
  type CompiledNode,
  type CompiledTerm,
  type ContextNode,
  type OrCompiledNode,
} from './compiled-rule.js';
import { describeMissing, listContext, quoteTerms } from './reason-text.js';
import type { ContextOrder } from './rule-ast.js';
import type { Occurrence, ScannedZone } from './scan-item.js';

/** A term that took part in a match, and the zone where it was found. */
export interface Contribution {
  readonly term: number;
  readonly zone: number;
  /** For a word class: the word found (`Auvergne`), for explanations. */
  readonly word?: string;
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
  /** The item's zones (text and words), for word classes and BEFORE/AFTER. */
  readonly zones: readonly ScannedZone[];
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
    case 'class':
      return occurrenceValue(classOccurrences(node, context.zones), NONE);
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

/** The words of the class in the item (in the node's field, if any). */
function classOccurrences(node: ClassCompiledNode, zones: readonly ScannedZone[]): TermOccurrence[] {
  const found: TermOccurrence[] = [];
  zones.forEach((zone, index) => {
    if (node.field !== null && zone.field !== node.field) return;
    zone.tokens.forEach((token, start) => {
      const first = token.cased.charAt(0);
      if (first === first.toLowerCase()) return;
      found.push({ term: node.term, zone: index, start, end: start + 1, support: NONE, word: token.cased });
    });
  });
  return found;
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
  const blockers: TermOccurrence[] = [];
  for (const candidate of candidates) {
    if (node.kind === 'unless') {
      const limit = node.distance ?? 0;
      const blocking = aroundOccurrences.filter((other) =>
        isPlaced(candidate, other, node.order, limit, context.zones),
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
            (node.kind === 'with' || isPlaced(candidate, other, node.order, limit, context.zones)),
        )
        .flatMap(occurrenceContributions);
    }
    if (support.length > 0) kept.push({ ...candidate, support: [...candidate.support, ...support] });
  }
  if (kept.length > 0 || !context.explain) return occurrenceValue(kept, NONE);
  const found = quoteTerms(labelsOf(candidates, context));
  if (node.kind === 'unless') {
    const where = node.distance === null ? '' : ` (${placeText(node.order, node.distance)})`;
    const excluding = [
      ...new Set([...blockers].sort((a, b) => a.term - b.term).map((item) => quotedOccurrence(item, context))),
    ].join(', ');
    return occurrenceValue(NONE, [`${found} found but excluded by ${excluding}${where}`]);
  }
  const contextWords = listContext(node.contextTerms.map((term) => labelOf(term, context)));
  const where = node.kind === 'with' ? 'anywhere in the item' : placeText(node.order, node.distance ?? 0);
  return occurrenceValue(NONE, [`${found} found but no context word (${contextWords}) ${where}`]);
}

function words(count: number): string {
  return count === 1 ? '1 word' : `${count} words`;
}

/** `within 3 words`, `right after it`, `within 2 words before it`. */
function placeText(order: ContextOrder, distance: number): string {
  if (order === 'any') return `within ${words(distance)}`;
  const side = order === 'before' ? 'after' : 'before';
  return distance === 1 ? `right ${side} it` : `within ${words(distance)} ${side} it`;
}

/**
 * Whether `other` is where a NEAR/BEFORE/AFTER (or UNLESS …) context must be for `candidate`: same
 * zone, within `limit` words (0: overlapping); for BEFORE, starting after the candidate, for AFTER,
 * ending before it, with nothing but spaces, hyphens, apostrophes and words between them.
 */
function isPlaced(
  candidate: TermOccurrence,
  other: TermOccurrence,
  order: ContextOrder,
  limit: number,
  zones: readonly ScannedZone[],
): boolean {
  if (other.zone !== candidate.zone) return false;
  if (order === 'any') return wordDistance(candidate, other) <= limit;
  const [first, second] = order === 'before' ? [candidate, other] : [other, candidate];
  if (second.start < first.end || second.start - first.end + 1 > limit) return false;
  const zone = zones[candidate.zone];
  const from = zone?.tokens[first.end - 1]?.end;
  const to = zone?.tokens[second.start]?.start;
  return zone !== undefined && from !== undefined && to !== undefined && !PHRASE_BREAK.test(zone.text.slice(from, to));
}

/** Punctuation that ends a run of words (anything but letters, digits, marks, spaces, hyphens, apostrophes). */
const PHRASE_BREAK = /[^\p{L}\p{N}\p{M}\s'’‘ʼ\-‐‑]/u;

/**
 * `'écran bleu'`; a word class with the word found: `'Auvergne' [Capitalised]`; a filtered context
 * with what let it count: `'de' with 'Gascogne' [Capitalised]`.
 */
function quotedOccurrence(occurrence: TermOccurrence, context: EvaluationContext): string {
  const [own, ...support] = occurrenceContributions(occurrence);
  const quote = (item: Contribution): string => {
    const label = labelOf(item.term, context);
    return item.word === undefined ? `'${label}'` : `'${item.word}' ${label}`;
  };
  const text = own === undefined ? '' : quote(own);
  return support.length === 0 ? text : `${text} with ${support.map(quote).join(', ')}`;
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
  const own: Contribution =
    occurrence.word === undefined
      ? { term: occurrence.term, zone: occurrence.zone }
      : { term: occurrence.term, zone: occurrence.zone, word: occurrence.word };
  return [own, ...occurrence.support];
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
