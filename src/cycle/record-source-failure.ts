import type { Clock } from '../clock/clock.js';
import type { SourceConfig } from '../config/config-types.js';
import type { FeedFailureKind } from '../errors/feed-failure-kind.js';
import { FeedFetchError } from '../errors/feed-fetch-error.js';
import { FeedParseError } from '../errors/feed-parse-error.js';
import type { Logger } from '../log/logger.js';
import type { SourceRecord, Store } from '../store/store.js';
import { nextSourceAttempt } from './source-backoff.js';
import type { SourceOutcome } from './source-outcome.js';

/**
 * Records a failed read: the failure class, the streak, when to try again (backoff, Retry-After).
 * Logged once per change of error; the same error again goes to debug.
 */
export async function recordSourceFailure(
  source: SourceConfig,
  record: SourceRecord | undefined,
  error: unknown,
  deps: { readonly store: Store; readonly logger: Logger; readonly clock: Clock },
): Promise<SourceOutcome> {
  const known = error instanceof FeedFetchError || error instanceof FeedParseError;
  const kind: FeedFailureKind = known ? error.kind : 'internal';
  // Errors name the URL they fetched: show it as written in the config (no secret from the environment).
  const message = (error instanceof Error ? error.message : String(error)).split(source.url).join(source.displayUrl);
  const now = deps.clock.now();
  const failures = (record?.consecutiveFailures ?? 0) + 1;
  const retryAfterMs = error instanceof FeedFetchError ? error.retryAfterMs : undefined;
  const next = nextSourceAttempt(now, failures, retryAfterMs);
  const fields = { source: source.name, url: source.displayUrl, kind, failures, ...(next === undefined ? {} : { nextAttemptAt: next.toISOString() }) };
  const repeated = record?.lastError?.kind === kind && record.lastError.message === message;
  if (kind === 'internal') deps.logger.error({ ...fields, err: error }, `source failed: ${message}`);
  else if (repeated) deps.logger.debug(fields, `source still failing: ${message}`);
  else deps.logger.warn(fields, `source failed: ${message}`);
  await deps.store.recordFailure(source.name, source.url, {
    kind,
    message,
    at: now.toISOString(),
    ...(next === undefined ? {} : { nextAttemptAt: next.toISOString() }),
  });
  return { status: 'failed', kind, message };
}
