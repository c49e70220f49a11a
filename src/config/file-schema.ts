import { z } from 'zod';
import { parseByteSize, parseDuration } from './duration.js';

/**
 * The shape of one config file. Every top-level key is optional: files are merged
 * (sources.yaml, watches.yaml, destinations.yaml...). Unknown keys are errors.
 */
export const name = z.string().trim().min(1, 'expected a non-empty name');
const duration = z
  .string()
  .refine((text) => parseDuration(text) !== undefined, 'expected a duration such as 30s, 10m, 6h or 7d');
/** A duration of at least `min` ms (timeouts of 0 would fail every fetch; a retention of 0 would post nothing). */
const durationAtLeast = (min: number, message: string) =>
  z.string().refine((text) => (parseDuration(text) ?? -1) >= min, message);
/** Bodies are held in memory: between 1 KiB and 1 GiB. */
export const MIN_BODY_BYTES = 1_024;
export const MAX_BODY_BYTES = 1_024 ** 3;
const SIZE_MESSAGE = 'expected a size between 1KiB and 1GiB, such as 10MiB or 512KiB';
const byteSize = z.union(
  [
    z.number().int().min(MIN_BODY_BYTES, SIZE_MESSAGE).max(MAX_BODY_BYTES, SIZE_MESSAGE),
    z.string().refine((text) => {
      const bytes = parseByteSize(text);
      return bytes !== undefined && bytes >= MIN_BODY_BYTES && bytes <= MAX_BODY_BYTES;
    }, SIZE_MESSAGE),
  ],
  { error: SIZE_MESSAGE },
);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.trim() !== '';
  } catch {
    return false;
  }
}

export const sourceSchema = z.strictObject({
  name,
  url: z.string().trim().min(1, 'expected an http(s) URL'),
  backfill: duration.optional(),
  stale_after: duration.optional(),
  every: durationAtLeast(1_000, 'expected a duration of at least 1s, such as 30m or 1h').optional(),
  hints: z.boolean().optional(),
});

const color = z.union([
  z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour such as "#1f6feb"'),
  z.number().int().min(0).max(0xffffff),
]);

/** A digest's cron expression (checked in resolve-config with the digest's own check). */
const digestCron = z.string().trim().min(1, 'expected a cron expression such as "0 8 * * 1-5"');
/** A destination of a watch: its name, or its name with a digest of its own. */
const destinationRef = z.union([name, z.strictObject({ name, digest: digestCron })], {
  error: 'expected a destination name, or a mapping { name, digest }',
});

export const watchSchema = z.strictObject({
  name,
  // Not trimmed: rule error columns must point into the text as written. Empty rules and keywords
  // are reported by the rule check, with the others of the same file.
  rule: z.union([z.string(), z.array(z.string()).min(1)], {
    error: 'expected a rule string or a non-empty list of keywords',
  }),
  sources: z.array(name).min(1).optional(),
  to: z.array(destinationRef).min(1, 'expected at least one destination name'),
  otherwise: z.array(name).min(1).optional(),
  color: color.optional(),
  /** Collect the matches and post them at these times (cron in settings.timezone), to every destination. */
  digest: digestCron.optional(),
  stories: z.enum(['group', 'off'], { error: "expected 'group' (later coverage of a story is attached to its first post) or 'off'" }).optional(),
});

/**
 * A destination: its `type` and its kind's own keys. The kind checks the rest (its schema lives in
 * its folder under src/deliver/, listed in src/deliver/kinds.ts), after `${VAR}` interpolation.
 */
export const destinationSchema = z.looseObject({
  type: z.string({ error: 'expected a destination type such as console, discord or slack' }),
  optional: z.boolean().optional(),
});

/** Each setting is checked alone, so one bad value does not hide the others. */
export const settingsShape = {
  user_agent: z.string().min(1).optional(),
  concurrency: z.number().int().min(1).max(256).optional(),
  per_host: z.number().int().min(1).max(256).optional(),
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
  database: z
    .string()
    .refine((value) => /^postgres(?:ql)?:\/\//i.test(value.trim()), 'expected a postgres:// URL, best as a ${VAR} reference (the URL holds the password)')
    .optional(),
  metrics_public: z.boolean().optional(),
  feed_hints: z.boolean().optional(),
  replica_lease: durationAtLeast(1_000, 'expected a duration of at least 1s, such as 60s').optional(),
  story_window: durationAtLeast(60_000, 'expected a duration of at least 1m, such as 48h').optional(),
};
const settings = z.strictObject(settingsShape);

export const scheduleSchema = z.string().trim().min(1, 'expected a cron expression such as "*/10 * * * *"');
export const alertsSchema = z.array(name).min(1);

export const configFileSchema = z.strictObject({
  schedule: scheduleSchema.optional(),
  settings: settings.optional(),
  sources: z.array(sourceSchema).optional(),
  watches: z.array(watchSchema).optional(),
  destinations: z.record(z.string(), destinationSchema).optional(),
  alerts: alertsSchema.optional(),
});

export type ConfigFileData = z.infer<typeof configFileSchema>;
export type DestinationEntry = z.infer<typeof destinationSchema>;
export type SourceEntry = z.infer<typeof sourceSchema>;
export type WatchEntry = z.infer<typeof watchSchema>;
