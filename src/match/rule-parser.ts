import { buildTerm } from './build-term.js';
import { isOccurrenceNode, type ParsedRule, type RuleField, type RuleNode, type TermNode } from './rule-ast.js';
import { ruleSyntaxError } from './rule-error.js';
import { lexRule, type Lexeme } from './rule-lexer.js';

/**
 * Recursive-descent parser for rule strings. Grammar, loosest binding first:
 *
 *   rule     := or END
 *   or       := and ( 'OR' and )*
 *   and      := not ( ['AND'] not )*            adjacency means AND
 *   not      := 'NOT' not | context
 *   context  := primary ( ( 'WITH' | distance | 'UNLESS' [distance] ) primary )*
 *   distance := 'NEAR/n' | 'BEFORE' ['/n'] | 'AFTER' ['/n']
 *   primary  := term | [field ':'] '(' or ')'
 *   term     := [field ':'] ( ['='] ( word['*'] | '"' phrase '"' ) | '[' class ']' )
 */
export function parseRuleString(rule: string): ParsedRule {
  return new RuleParser(rule).parse();
}

class RuleParser {
  private readonly lexemes: readonly Lexeme[];
  private index = 0;
  private readonly terms: TermNode[] = [];

  constructor(private readonly rule: string) {
    this.lexemes = lexRule(rule);
  }

  parse(): ParsedRule {
    if (this.peek().kind === 'end') throw this.fail(this.peek(), 'empty rule: expected at least one term');
    const root = this.parseOr(null);
    const next = this.peek();
    if (next.kind !== 'end') {
      const reason = next.kind === 'rparen' ? "unexpected ')' without a matching '('" : `unexpected '${next.text}'`;
      throw this.fail(next, reason);
    }
    return { root, terms: this.terms };
  }

  private parseOr(scope: RuleField | null): RuleNode {
    const children = [this.parseAnd(scope)];
    while (this.isOperator('OR')) {
      this.index += 1;
      children.push(this.parseAnd(scope));
    }
    return children.length === 1 && children[0] !== undefined ? children[0] : { kind: 'or', children };
  }

  private parseAnd(scope: RuleField | null): RuleNode {
    const children = [this.parseNot(scope)];
    for (;;) {
      if (this.isOperator('AND')) {
        this.index += 1;
      } else if (!this.startsOperand()) {
        break;
      }
      children.push(this.parseNot(scope));
    }
    return children.length === 1 && children[0] !== undefined ? children[0] : { kind: 'and', children };
  }

  private parseNot(scope: RuleField | null): RuleNode {
    if (this.isOperator('NOT')) {
      this.index += 1;
      return { kind: 'not', child: this.parseNot(scope) };
    }
    return this.parseContext(scope);
  }

  private parseContext(scope: RuleField | null): RuleNode {
    let subject = this.parsePrimary(scope);
    for (;;) {
      const operator = this.peek();
      const isWith = this.isOperator('WITH');
      const isUnless = this.isOperator('UNLESS');
      if (!isWith && !isUnless && operator.kind !== 'near') return subject;
      if (!isOccurrenceNode(subject)) {
        throw this.fail(
          operator,
          `'${operator.text}' must follow a term, a phrase or terms joined by OR, not an AND/NOT group; ` +
            `write (term ${operator.text} …) AND …`,
        );
      }
      this.index += 1;
      let distance: number | null = operator.kind === 'near' ? operator.distance : null;
      let order = operator.kind === 'near' ? operator.order : 'any';
      const near = this.peek();
      if (isUnless && near.kind === 'near') {
        distance = near.distance;
        order = near.order;
        this.index += 1;
      }
      const contextStart = this.peek();
      const context = this.parsePrimary(scope);
      if (!isWith && !isOccurrenceNode(context)) {
        throw this.fail(
          contextStart,
          `'${operator.text}' needs terms or phrases joined by OR after it (AND/NOT are not allowed there)`,
        );
      }
      if (isWith) subject = { kind: 'with', subject, context };
      else if (isUnless) subject = { kind: 'unless', subject, context, distance, order };
      else subject = { kind: 'near', subject, context, distance: distance ?? 1, order };
    }
  }

  private parsePrimary(scope: RuleField | null): RuleNode {
    const lexeme = this.peek();
    if (lexeme.kind === 'term') {
      this.index += 1;
      if (scope !== null && lexeme.field !== null) {
        throw this.fail(lexeme, `a field prefix cannot be used inside a '${scope}:(…)' group`);
      }
      if (lexeme.wordClass !== undefined) {
        const wordClass: TermNode = {
          kind: 'term',
          label: lexeme.body,
          words: [],
          caseSensitive: false,
          field: lexeme.field ?? scope,
          position: lexeme.position,
          wordClass: lexeme.wordClass,
        };
        this.terms.push(wordClass);
        return wordClass;
      }
      const term = buildTerm(
        {
          body: lexeme.body,
          label: lexeme.body.trim(),
          caseSensitive: lexeme.caseSensitive,
          field: lexeme.field ?? scope,
          position: lexeme.position,
          quoted: lexeme.quoted,
        },
        (offset, token, reason) => {
          throw ruleSyntaxError(this.rule, lexeme.bodyPosition + offset, token, reason);
        },
      );
      this.terms.push(term);
      return term;
    }
    if (lexeme.kind === 'lparen') {
      if (scope !== null && lexeme.field !== null) {
        throw this.fail(lexeme, `a field prefix cannot be used inside a '${scope}:(…)' group`);
      }
      this.index += 1;
      const inner = this.parseOr(lexeme.field ?? scope);
      const close = this.peek();
      if (close.kind !== 'rparen') {
        throw this.fail(close, close.kind === 'end' ? "expected ')'" : `expected ')' but found '${close.text}'`);
      }
      this.index += 1;
      return inner;
    }
    const previous = this.lexemes[this.index - 1];
    if (lexeme.kind === 'end') {
      throw this.fail(lexeme, previous === undefined ? 'empty rule' : `expected a term after '${previous.text}'`);
    }
    throw this.fail(lexeme, `expected a term, a phrase or '(' but found '${lexeme.text}'`);
  }

  private startsOperand(): boolean {
    const next = this.peek();
    return next.kind === 'term' || next.kind === 'lparen' || this.isOperator('NOT');
  }

  private isOperator(operator: string): boolean {
    const next = this.peek();
    return next.kind === 'operator' && next.operator === operator;
  }

  private peek(): Lexeme {
    return this.lexemes[this.index] ?? { kind: 'end', position: this.rule.length, text: '' };
  }

  private fail(lexeme: Lexeme, reason: string): Error {
    return ruleSyntaxError(this.rule, lexeme.position, lexeme.text, reason);
  }
}
