/**
 * Why an OPML file cannot be imported:
 * - `unreadable`: the file cannot be read (missing, permissions), or its bytes are not text;
 * - `not-opml`: the document is not OPML (another root element, no `<body>`);
 * - `truncated`: the document ends before `</opml>` (a cut download or copy).
 */
export type OpmlErrorKind = 'unreadable' | 'not-opml' | 'truncated';

export interface OpmlErrorContext {
  readonly kind: OpmlErrorKind;
  /** The file as the user named it, when there is one. */
  readonly file?: string;
}

export class OpmlError extends Error {
  override readonly name = 'OpmlError';
  readonly kind: OpmlErrorKind;
  readonly file: string | undefined;

  constructor(message: string, context: OpmlErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = context.kind;
    this.file = context.file;
  }
}
