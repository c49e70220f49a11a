import { LETTER, classAt, isSpace, widthOf } from './char-class.js';
import { FIELD_NAMES, WORD_CLASSES, type ContextOrder, type RuleField, type WordClass } from './rule-ast.js';
import { ruleSyntaxError } from './rule-error.js';

/** The pieces of a rule string. `position`/`text` locate each in the rule for error messages. */
export type Lexeme =
  | { readonly kind: 'lparen'; readonly position: number; readonly text: string; readonly field: RuleField | null }
  | { readonly kind: 'rparen'; readonly position: number; readonly text: string }
  | { readonly kind: 'operator'; readonly position: number; readonly text: string; readonly operator: Operator }
  | {
      readonly kind: 'near';
      readonly position: number;
      readonly text: string;
      readonly distance: number;
      /** `any` for NEAR/n, `before` for BEFORE[/n], `after` for AFTER[/n]. */
      readonly order: ContextOrder;
    }
  | {
      readonly kind: 'term';
      readonly position: number;
      readonly text: string;
      /** The words: the bare word after any `field:`/`=`, or the inside of the quotes. */
      readonly body: string;
      readonly bodyPosition: number;
      readonly quoted: boolean;
      readonly caseSensitive: boolean;
      readonly field: RuleField | null;
      /** `[Capitalised]`: a word class, `body` is then the bracketed name. */
      readonly wordClass?: WordClass;
    }
  | { readonly kind: 'end'; readonly position: number; readonly text: '' };

export type Operator = 'AND' | 'OR' | 'NOT' | 'WITH' | 'UNLESS';

const OPERATORS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'WITH', 'UNLESS']);
const QUOTE_CLOSERS: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['“', '”'],
  ['«', '»'],
]);
const MAX_DISTANCE = 1000;
const FIELD_LIST = 'title, summary, categories, link';
/** Distance operators, with the order they ask for; BEFORE and AFTER alone mean /1 (right next). */
const DISTANCE_OPERATORS: ReadonlyMap<string, ContextOrder> = new Map([
  ['NEAR', 'any'],
  ['BEFORE', 'before'],
  ['AFTER', 'after'],
]);

/**
 * Splits a rule string. Whitespace (any, including newlines) separates; `#` where a term could
 * start begins a comment up to the end of the line; `(`, `)` and quotes stand alone; a bare word
 * runs up to whitespace, a parenthesis or a quote.
 */
export function lexRule(rule: string): Lexeme[] {
  const lexemes: Lexeme[] = [];
  let at = 0;
  while (at < rule.length) {
    const char = rule.charAt(at);
    if (isSpace(rule.charCodeAt(at))) {
      at += 1;
    } else if (char === '#') {
      const newline = rule.indexOf('\n', at);
      at = newline === -1 ? rule.length : newline;
    } else if (char === '(') {
      lexemes.push({ kind: 'lparen', position: at, text: '(', field: null });
      at += 1;
    } else if (char === ')') {
      lexemes.push({ kind: 'rparen', position: at, text: ')' });
      at += 1;
    } else if (QUOTE_CLOSERS.has(char)) {
      const phrase = readPhrase(rule, at, at, null, false);
      lexemes.push(phrase.lexeme);
      at = phrase.next;
    } else {
      at = readWord(rule, at, lexemes);
    }
  }
  lexemes.push({ kind: 'end', position: rule.length, text: '' });
  return lexemes;
}

function readWord(rule: string, start: number, lexemes: Lexeme[]): number {
  let end = start;
  while (end < rule.length && !endsWord(rule.charCodeAt(end))) end += 1;
  const word = rule.slice(start, end);

  if (OPERATORS.has(word)) {
    lexemes.push({ kind: 'operator', position: start, text: word, operator: word as Operator });
    return end;
  }
  const operatorName = /^(NEAR|BEFORE|AFTER)(?:$|\/)/u.exec(word)?.[1];
  const order = operatorName === undefined ? undefined : DISTANCE_OPERATORS.get(operatorName);
  if (operatorName !== undefined && order !== undefined) {
    const distance = word === operatorName && order !== 'any' ? '1' : /^[A-Z]+\/(\d+)$/u.exec(word)?.[1];
    if (distance === undefined) {
      const example = order === 'any' ? '' : ` (${operatorName} alone means ${operatorName}/1)`;
      throw ruleSyntaxError(
        rule,
        start,
        word,
        `expected ${operatorName}/<number of words>, e.g. ${operatorName}/5, but found '${word}'${example}`,
      );
    }
    const value = Number(distance);
    if (value < 1 || value > MAX_DISTANCE) {
      throw ruleSyntaxError(rule, start, word, `${operatorName} distance must be between 1 and ${MAX_DISTANCE} words`);
    }
    lexemes.push({ kind: 'near', position: start, text: word, distance: value, order });
    return end;
  }

  let bodyStart = start;
  let field: RuleField | null = null;
  // The pattern only where it can match: its letter class takes a cold process a while to compile.
  const fieldName = word.includes(':') ? /^(\p{L}+):/u.exec(word)?.[1] : undefined;
  if (fieldName !== undefined) {
    const known = FIELD_NAMES.get(fieldName.toLowerCase());
    if (known === undefined) {
      throw ruleSyntaxError(
        rule,
        start,
        `${fieldName}:`,
        `unknown field '${fieldName}:' (fields are ${FIELD_LIST}; quote the text to search for it)`,
      );
    }
    field = known;
    bodyStart += fieldName.length + 1;
  }
  let caseSensitive = false;
  if (rule.charAt(bodyStart) === '=') {
    caseSensitive = true;
    bodyStart += 1;
  }

  if (rule.charAt(bodyStart) === '[') {
    lexemes.push(readWordClass(rule, start, bodyStart, end, field, caseSensitive));
    return end;
  }
  if (bodyStart < end) {
    lexemes.push({
      kind: 'term',
      position: start,
      text: word,
      body: rule.slice(bodyStart, end),
      bodyPosition: bodyStart,
      quoted: false,
      caseSensitive,
      field,
    });
    return end;
  }

  // Only a prefix (`title:`, `=`, `title:=`): it must be glued to a phrase or, for a field, a group.
  const next = rule.charAt(end);
  if (QUOTE_CLOSERS.has(next)) {
    const phrase = readPhrase(rule, start, end, field, caseSensitive);
    lexemes.push(phrase.lexeme);
    return phrase.next;
  }
  if (next === '(' && !caseSensitive) {
    lexemes.push({ kind: 'lparen', position: start, text: `${word}(`, field });
    return end + 1;
  }
  const expected = caseSensitive
    ? `expected a word or a phrase right after '='`
    : `expected a word, a phrase or '(' right after '${word}'`;
  throw ruleSyntaxError(rule, end, next, expected);
}

/**
 * Whether the UTF-16 unit `code` ends a bare word: white space (`\s`), a parenthesis or an opening
 * quote (`"`, `“`, `«`). Char codes, not a regexp per character: a cold process parses every rule
 * of the config (check-rule.ts), and the regexps made most of it.
 */
function endsWord(code: number): boolean {
  return code === 0x28 || code === 0x29 || code === 0x22 || code === 0x201c || code === 0xab || isSpace(code);
}

/** `[Capitalised]` (after any `field:`): a word class, which cannot be case-sensitive. */
function readWordClass(
  rule: string,
  start: number,
  bodyStart: number,
  end: number,
  field: RuleField | null,
  caseSensitive: boolean,
): Lexeme {
  const body = rule.slice(bodyStart, end);
  const name = bracketedLetters(body);
  if (name === undefined) {
    throw ruleSyntaxError(rule, bodyStart, body, `expected a word class such as [Capitalised] but found '${body}'`);
  }
  const wordClass = WORD_CLASSES.get(name.toLowerCase());
  if (wordClass === undefined) {
    throw ruleSyntaxError(
      rule,
      bodyStart,
      body,
      `unknown word class '${body}' (the class is [Capitalised]; quote the text to search for it)`,
    );
  }
  if (caseSensitive) {
    throw ruleSyntaxError(rule, bodyStart - 1, '=', `'=' cannot be used with a word class: ${body} is about case already`);
  }
  return {
    kind: 'term',
    position: start,
    text: rule.slice(start, end),
    body,
    bodyPosition: bodyStart,
    quoted: false,
    caseSensitive: false,
    field,
    wordClass,
  };
}

/**
 * The letters inside `[` and `]` when `body` is that and nothing else (`/^\[(\p{L}+)\]$/u`), read
 * with the character table: a letter-class regexp takes a cold process about a millisecond to compile.
 */
function bracketedLetters(body: string): string | undefined {
  const last = body.length - 1;
  if (last < 2 || body.charCodeAt(0) !== 0x5b || body.charCodeAt(last) !== 0x5d) return undefined;
  for (let index = 1; index < last; ) {
    const bits = classAt(body, index);
    if ((bits & LETTER) === 0) return undefined;
    index += widthOf(bits);
  }
  return body.slice(1, last);
}

function readPhrase(
  rule: string,
  start: number,
  quoteAt: number,
  field: RuleField | null,
  caseSensitive: boolean,
): { lexeme: Lexeme; next: number } {
  const opener = rule.charAt(quoteAt);
  const closer = QUOTE_CLOSERS.get(opener) ?? '"';
  const closeAt = rule.indexOf(closer, quoteAt + 1);
  if (closeAt === -1) {
    throw ruleSyntaxError(rule, quoteAt, opener, `unterminated phrase: missing closing ${closer}`);
  }
  return {
    lexeme: {
      kind: 'term',
      position: start,
      text: rule.slice(start, closeAt + 1),
      body: rule.slice(quoteAt + 1, closeAt),
      bodyPosition: quoteAt + 1,
      quoted: true,
      caseSensitive,
      field,
    },
    next: closeAt + 1,
  };
}
