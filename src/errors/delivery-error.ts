/**
 * What the outbox should do after a failed send:
 * - `retry`: transient (5xx, network): retry with exponential backoff and jitter;
 * - `rate-limited`: wait at least `retryAfterMs`, then retry (does not count as a failure);
 * - `permanent`: 400/401/403/404...: stop; a `disable` outcome also stops calling the destination.
 */
export type DeliveryOutcome = 'retry' | 'rate-limited' | 'permanent' | 'disable';

export interface DeliveryErrorContext {
  readonly destination: string;
  readonly outcome: DeliveryOutcome;
  readonly status?: number;
  readonly retryAfterMs?: number;
}

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  readonly destination: string;
  readonly outcome: DeliveryOutcome;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, context: DeliveryErrorContext, options?: { cause?: unknown }) {
    super(message, options);
    this.destination = context.destination;
    this.outcome = context.outcome;
    this.status = context.status;
    this.retryAfterMs = context.retryAfterMs;
  }
}
