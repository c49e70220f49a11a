/**
 * A non-2xx answer from the Discord API, raised by our transport before discord.js sees it, so
 * that discord.js neither sleeps on a 429 nor retries a 5xx: the outbox decides.
 */
export class DiscordHttpFailure extends Error {
  override readonly name = 'DiscordHttpFailure';
  readonly status: number;
  /** Body `retry_after` (seconds, fractional), else the `Retry-After` header, in ms. */
  readonly retryAfterMs: number | undefined;
  /** Discord's JSON error code (10015 Unknown Webhook, 50035 Invalid Form Body...). */
  readonly code: number | undefined;
  readonly apiMessage: string | undefined;
  readonly global: boolean;

  constructor(facts: {
    status: number;
    retryAfterMs: number | undefined;
    code: number | undefined;
    apiMessage: string | undefined;
    global: boolean;
  }) {
    super(
      `HTTP ${facts.status}${facts.apiMessage === undefined ? '' : ` ${facts.apiMessage}`}${facts.code === undefined ? '' : ` (code ${facts.code})`}`,
    );
    this.status = facts.status;
    this.retryAfterMs = facts.retryAfterMs;
    this.code = facts.code;
    this.apiMessage = facts.apiMessage;
    this.global = facts.global;
  }
}
