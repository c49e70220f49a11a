import { DefaultRestOptions, type RESTOptions } from 'discord.js';
import { DiscordHttpFailure } from '../../errors/discord-http-failure.js';
import { parseRetryAfterHeader, secondsToMs } from '../classify-response.js';

function parseBody(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

type MakeRequest = RESTOptions['makeRequest'];

/** Wraps discord.js's transport: 2xx pass through, anything else becomes a {@link DiscordHttpFailure}. */
export function failFastTransport(makeRequest: MakeRequest, now: () => number = Date.now): MakeRequest {
  return async (url, init) => {
    const response = await makeRequest(url, init);
    if (response.status >= 200 && response.status < 300) return response;
    const body = parseBody(await response.text().catch(() => ''));
    throw new DiscordHttpFailure({
      status: response.status,
      retryAfterMs: secondsToMs(body['retry_after']) ?? parseRetryAfterHeader(response.headers.get('retry-after'), now()),
      code: typeof body['code'] === 'number' ? body['code'] : undefined,
      apiMessage: typeof body['message'] === 'string' ? body['message'].slice(0, 200) : undefined,
      global: body['global'] === true || response.headers.get('x-ratelimit-global') !== null,
    });
  };
}

export { DISCORD_API_BASE } from './discord-settings.js';

/**
 * REST options that leave every decision to the outbox:
 * - `retries: 0`: no retry of 5xx, timeouts or resets inside discord.js;
 * - `makeRequest`: non-2xx answers (429 included) are thrown before discord.js's rate-limit
 *   handling, which would otherwise sleep `Retry-After` and resend by itself;
 * - `rejectOnRateLimit: () => true`: when discord.js's own bucket bookkeeping (from the
 *   `X-RateLimit-*` headers of earlier answers, or its 50/s global limit) would make a request wait,
 *   it throws a `RateLimitError` instead of queueing; `offset: 0` keeps its wait exact;
 * - `timeout`: per request, aborts and rejects.
 */
export function discordRestOptions(apiBase: string, timeoutMs: number): Partial<RESTOptions> {
  return {
    api: apiBase,
    retries: 0,
    timeout: timeoutMs,
    offset: 0,
    rejectOnRateLimit: () => true,
    makeRequest: failFastTransport(DefaultRestOptions.makeRequest),
  };
}
