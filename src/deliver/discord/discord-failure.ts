import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { redactSecrets, safeCause } from '../safe-cause.js';
import { DeliveryError } from '../../errors/delivery-error.js';
import { classifyResponse } from '../classify-response.js';
import { DiscordHttpFailure } from '../../errors/discord-http-failure.js';

export interface DiscordFailureContext {
  readonly destination: string;
  /** E.g. `Discord webhook "alerts"`: starts every message. */
  readonly label: string;
  /** Strings that must never appear in messages or causes (webhook token, bot token). */
  readonly secrets: readonly string[];
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
}

const PATTERNS: readonly [RegExp, string][] = [[/(\/webhooks\/\d+\/)[^/?\s]+/g, '$1[redacted]']];

export function redact(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets, PATTERNS);
}

function errorCode(error: Error): string | undefined {
  const code: unknown = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function fromStatus(
  ctx: DiscordFailureContext,
  status: number,
  detail: string,
  retryAfterMs: number | undefined,
  cause: Error,
): DeliveryError {
  const verdict = classifyResponse(retryAfterMs === undefined ? { status } : { status, retryAfterMs });
  // A 2xx never gets here; keep the type total anyway.
  const outcome = verdict.outcome === 'ok' ? 'retry' : verdict.outcome;
  const wait = 'retryAfterMs' in verdict ? verdict.retryAfterMs : undefined;
  return new DeliveryError(
    `${ctx.label}: ${redact(detail, ctx.secrets)}`,
    { destination: ctx.destination, outcome, status, ...(wait === undefined ? {} : { retryAfterMs: wait }) },
    { cause: cause },
  );
}

/** Maps anything a discord.js REST call can throw to a {@link DeliveryError}. */
export function discordFailure(error: unknown, ctx: DiscordFailureContext): DeliveryError {
  const cause = safeCause(error, (text) => redact(text, ctx.secrets));
  const base = { destination: ctx.destination };
  if (error instanceof DiscordHttpFailure) {
    return fromStatus(ctx, error.status, error.message, error.retryAfterMs, cause);
  }
  if (error instanceof RateLimitError) {
    // discord.js's own bookkeeping says the bucket is empty: nothing was sent.
    const wait = Math.max(0, Math.ceil(Math.max(error.retryAfter, error.timeToReset, error.sublimitTimeout)));
    return new DeliveryError(
      `${ctx.label}: rate limit bucket exhausted (${error.global ? 'global' : 'route'}), nothing sent`,
      { ...base, outcome: 'rate-limited', retryAfterMs: wait },
      { cause },
    );
  }
  if (error instanceof DiscordAPIError || error instanceof HTTPError) {
    return fromStatus(ctx, error.status, `HTTP ${error.status} ${error.message}`, undefined, cause);
  }
  if (ctx.signal?.aborted === true) {
    return new DeliveryError(`${ctx.label}: send aborted`, { ...base, outcome: 'retry' }, { cause });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new DeliveryError(`${ctx.label}: no answer within ${ctx.timeoutMs} ms`, { ...base, outcome: 'retry' }, { cause });
  }
  if (error instanceof Error) {
    const code = errorCode(error);
    return new DeliveryError(
      `${ctx.label}: network error${code === undefined ? '' : ` ${code}`}: ${redact(error.message, ctx.secrets)}`,
      { ...base, outcome: 'retry' },
      { cause },
    );
  }
  return new DeliveryError(`${ctx.label}: ${redact(String(error), ctx.secrets)}`, { ...base, outcome: 'retry' }, { cause });
}
