import { z } from 'zod';
import { parseByteSize, parseDuration } from './duration.js';

/**
 * The shape of one config file. Every top-level key is optional: files are merged
 * (sources.yaml, watches.yaml, destinations.yaml...). Unknown keys are errors.
 */
const name = z.string().trim().min(1, 'expected a non-empty name');
const duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, 'expected a duration such as 30s, 10m, 6h or 7d');
/** A duration of at least `min` ms (timeouts of 0 would fail every fetch; a retention of 0 would post nothing). */
const durationAtLeast = (min: number, message: string) =>
  z.string().refine((text) => (parseDuration(text) ?? -1) >= min, message);
const byteSize = z.union([
  z.number().int().positive(),
  z.string().refine((text) => (parseByteSize(text) ?? 0) >= 1_024, 'expected a size of at least 1KiB, such as 10MiB or 512KiB'),
]);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

const source = z.strictObject({
  name,
  url: z.string().trim().min(1, 'expected an http(s) URL'),
  backfill: duration.optional(),
  stale_after: duration.optional(),
});

const color = z.union([
  z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour such as "#1f6feb"'),
  z.number().int().min(0).max(0xffffff),
]);

const watch = z.strictObject({
  name,
  // Not trimmed: rule error columns must point into the text as written.
  rule: z.union([z.string().regex(/\S/), z.array(z.string().regex(/\S/)).min(1)], {
    error: 'expected a rule string or a non-empty list of keywords',
  }),
  sources: z.array(name).min(1).optional(),
  to: z.array(name).min(1, 'expected at least one destination name'),
  otherwise: z.array(name).min(1).optional(),
  color: color.optional(),
});

const optional = z.boolean().optional();
const template = z.string().min(1).optional();

const destination = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('console'), optional }),
    z.strictObject({
      type: z.literal('discord'),
      optional,
      webhook_url: z.string().optional(),
      token: z.string().optional(),
      channel_id: z.string().optional(),
      template,
    }),
    z.strictObject({
      type: z.literal('slack'),
      optional,
      webhook_url: z.string().optional(),
      token: z.string().optional(),
      channel: z.string().optional(),
      template,
    }),
  ],
  { error: 'expected type: console, discord or slack' },
);

const settings = z.strictObject({
  user_agent: z.string().min(1).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  connect_timeout: durationAtLeast(100, 'expected a duration of at least 100ms, such as 10s').optional(),
  timeout: durationAtLeast(1_000, 'expected a duration of at least 1s, such as 30s').optional(),
  max_body: byteSize.optional(),
  max_redirects: z.number().int().min(0).max(20).optional(),
  retention: durationAtLeast(86_400_000, 'expected a duration of at least 1d, such as 90d').optional(),
  backfill: duration.optional(),
  timezone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Paris').optional(),
  alert_after: z.number().int().min(1).max(1000).optional(),
  stale_after: duration.optional(),
  http_port: z.number().int().min(0).max(65535).optional(),
  metrics_public: z.boolean().optional(),
});

export const configFileSchema = z.strictObject({
  schedule: z.string().trim().min(1).optional(),
  settings: settings.optional(),
  sources: z.array(source).optional(),
  watches: z.array(watch).optional(),
  destinations: z.record(z.string(), destination).optional(),
  alerts: z.array(name).min(1).optional(),
});

export type ConfigFileData = z.infer<typeof configFileSchema>;
export type DestinationEntry = z.infer<typeof destination>;
