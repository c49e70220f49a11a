/** A message template that cannot be used: what is wrong and where (validated at config load). */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  /** 0-based offset in the template text. */
  readonly index: number;
  /** 1-based line and column of `index`. */
  readonly line: number;
  readonly column: number;

  constructor(reason: string, template: string, index: number) {
    const before = template.slice(0, index);
    const line = before.split('\n').length;
    const column = index - (before.lastIndexOf('\n') + 1) + 1;
    super(`template error at line ${line}, column ${column}: ${reason}`);
    this.index = index;
    this.line = line;
    this.column = column;
  }
}
