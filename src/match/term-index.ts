import { PrefixTrie } from './prefix-trie.js';
import type { RuleField, TermNode, WordPattern } from './rule-ast.js';
import type { Token } from './tokenize.js';

/**
 * All terms of all watches compiled together, so an item word is looked up once whatever the
 * number of terms:
 * - each distinct word pattern gets an id; exact words sit in hash maps (one for folded words, one
 *   for case-sensitive words), prefixes in tries;
 * - each distinct term (its patterns and its field) is an "atom"; atoms are indexed by their first
 *   pattern, so a phrase is only checked where its first word occurs.
 */
export interface Atom {
  readonly patterns: readonly number[];
  readonly field: RuleField | null;
}

export interface TermIndex {
  readonly atoms: readonly Atom[];
  /** Ids of the patterns the token matches (a shared empty array when none). */
  patternsOf(token: Token): readonly number[];
  /** Atoms whose first word is the given pattern. */
  atomsStartingWith(pattern: number): readonly number[] | undefined;
}

const NONE: readonly number[] = [];

export class TermIndexBuilder {
  private readonly patternIds = new Map<string, number>();
  private readonly atomIds = new Map<string, number>();
  private readonly atoms: Atom[] = [];
  private readonly foldedExact = new Map<string, number[]>();
  private readonly casedExact = new Map<string, number[]>();
  private readonly foldedPrefixes = new PrefixTrie();
  private readonly casedPrefixes = new PrefixTrie();
  private readonly byFirstPattern = new Map<number, number[]>();

  /** Registers a term and returns its atom id (the same id for the same words, case and field). */
  addTerm(term: TermNode): number {
    const patterns = term.words.map((word) => this.addPattern(word, term.caseSensitive));
    const key = `${term.field ?? '*'}|${patterns.join(',')}`;
    const existing = this.atomIds.get(key);
    if (existing !== undefined) return existing;
    const id = this.atoms.length;
    this.atoms.push({ patterns, field: term.field });
    this.atomIds.set(key, id);
    const first = patterns[0];
    if (first !== undefined) pushTo(this.byFirstPattern, first, id);
    return id;
  }

  build(): TermIndex {
    const { foldedExact, casedExact, foldedPrefixes, casedPrefixes, byFirstPattern } = this;
    const hasPrefixes = !foldedPrefixes.isEmpty || !casedPrefixes.isEmpty;
    return {
      atoms: this.atoms,
      patternsOf(token: Token): readonly number[] {
        const folded = foldedExact.get(token.folded);
        const cased = casedExact.get(token.cased);
        if (!hasPrefixes && cased === undefined) return folded ?? NONE;
        const ids: number[] = [];
        if (folded !== undefined) ids.push(...folded);
        if (cased !== undefined) ids.push(...cased);
        foldedPrefixes.collect(token.folded, ids);
        casedPrefixes.collect(token.cased, ids);
        return ids.length === 0 ? NONE : ids;
      },
      atomsStartingWith(pattern: number): readonly number[] | undefined {
        return byFirstPattern.get(pattern);
      },
    };
  }

  private addPattern(word: WordPattern, caseSensitive: boolean): number {
    const key = `${caseSensitive ? 'C' : 'F'}${word.prefix ? '*' : '='}${word.text}`;
    const existing = this.patternIds.get(key);
    if (existing !== undefined) return existing;
    const id = this.patternIds.size;
    this.patternIds.set(key, id);
    if (word.prefix) (caseSensitive ? this.casedPrefixes : this.foldedPrefixes).add(word.text, id);
    else pushTo(caseSensitive ? this.casedExact : this.foldedExact, word.text, id);
    return id;
  }
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
