/** Defaults for everything the config files may leave out. */
export const DEFAULT_SCHEDULE = '*/10 * * * *';

export const DEFAULT_SETTINGS = {
  userAgent: 'veille/0.1 (+https://github.com/veille-bot/veille; news monitoring bot)',
  concurrency: 16,
  perHost: 2,
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBodyBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  retentionMs: 90 * 86_400_000,
  backfillMs: 0,
  timezone: 'Europe/Paris',
  alertAfterFailures: 5,
  staleAfterMs: 0,
} as const;
