/** The health/metrics endpoint could not start: the port is taken, not allowed, or the host is not local. */
export interface HttpServerErrorContext {
  readonly host: string;
  readonly port: number;
  /** The system error code (`EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`...), when there is one. */
  readonly code?: string;
}

export class HttpServerError extends Error {
  override readonly name = 'HttpServerError';
  readonly host: string;
  readonly port: number;
  readonly code: string | undefined;

  constructor(message: string, context: HttpServerErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.host = context.host;
    this.port = context.port;
    this.code = context.code;
  }
}
