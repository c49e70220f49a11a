export interface RuleSyntaxErrorContext {
  /** The rule text that failed (for a keyword list: the text of the bad entry). */
  readonly rule: string;
  /**
   * 0-based offset of the problem in `rule`. For a keyword list: the index of the bad entry
   * (the offset inside that entry is then given by `column`).
   */
  readonly position: number;
  /** 1-based line of the problem in `rule` (rules written as YAML block scalars span lines). */
  readonly line: number;
  /** 1-based column of the problem within its line. */
  readonly column: number;
  /** The offending piece of text, or '' at the end of the rule. */
  readonly token: string;
  /** What is wrong, without the location: "expected ')'". */
  readonly reason: string;
  /** For a keyword list: the 0-based index of the bad entry. */
  readonly entry?: number;
}

/** A watch rule that cannot be parsed; the message reads "expected ')' at column 17". */
export class RuleSyntaxError extends Error {
  override readonly name = 'RuleSyntaxError';
  readonly rule: string;
  readonly position: number;
  readonly line: number;
  readonly column: number;
  readonly token: string;
  readonly reason: string;
  readonly entry: number | undefined;

  constructor(message: string, context: RuleSyntaxErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.rule = context.rule;
    this.position = context.position;
    this.line = context.line;
    this.column = context.column;
    this.token = context.token;
    this.reason = context.reason;
    this.entry = context.entry;
  }
}
