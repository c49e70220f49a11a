import type { RuleField, TermNode, WordPattern } from './rule-ast.js';
import { tokenize } from './tokenize.js';

/** Reports a problem at an offset of the term body; must throw. */
export type TermFailure = (offset: number, token: string, reason: string) => never;

export interface TermSpec {
  /** The words to look for, as written (a bare word or the inside of a phrase). */
  readonly body: string;
  readonly label: string;
  readonly caseSensitive: boolean;
  readonly field: RuleField | null;
  readonly position: number;
  readonly quoted: boolean;
}

/**
 * Turns a term body into word patterns with the item tokenizer, so `d'Huawei`, `Huawei's` and
 * `cloud-native` mean what they mean in item text (`Huawei`; `Huawei`; the phrase "cloud native").
 * A `*` right after a word makes that word a prefix.
 */
export function buildTerm(spec: TermSpec, fail: TermFailure): TermNode {
  const tokens = tokenize(spec.body);
  for (let offset = spec.body.indexOf('*'); offset !== -1; offset = spec.body.indexOf('*', offset + 1)) {
    const endsWord = tokens.some((token) => token.end === offset);
    const next = spec.body.charAt(offset + 1);
    if (!endsWord || /[\p{L}\p{N}\p{M}*]/u.test(next)) {
      fail(offset, '*', "'*' must end a word (prefix search, as in souverain*)");
    }
  }
  if (tokens.length === 0) {
    if (spec.quoted) fail(0, spec.body, 'empty phrase: a phrase needs at least one word');
    fail(0, spec.body, `'${spec.body}' has no letters or digits to look for`);
  }
  const words: WordPattern[] = tokens.map((token) => ({
    text: spec.caseSensitive ? token.cased : token.folded,
    prefix: spec.body.charAt(token.end) === '*',
  }));
  return {
    kind: 'term',
    label: spec.label,
    words,
    caseSensitive: spec.caseSensitive,
    field: spec.field,
    position: spec.position,
  };
}
