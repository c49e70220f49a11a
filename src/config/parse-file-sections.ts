import type { z } from 'zod';
import type { PathSegment } from './config-document.js';
import {
  alertsSchema,
  destinationSchema,
  scheduleSchema,
  settingsShape,
  sourceSchema,
  watchSchema,
  type ConfigFileData,
  type DestinationEntry,
  type SourceEntry,
  type WatchEntry,
} from './file-schema.js';

/** A schema problem at a path of the file (zod's issue, with its path from the document root). */
export type SectionIssue = z.core.$ZodIssue;

/** A valid list entry, with its index in the file (problems point at it). */
export interface IndexedEntry<T> {
  readonly value: T;
  readonly index: number;
}

/** What one file declares, validated part by part. */
export interface FileSections {
  /** The parts that are valid; an invalid entry is left out, its neighbours are kept. */
  readonly data: Omit<ConfigFileData, 'sources' | 'watches'>;
  readonly sources: readonly IndexedEntry<SourceEntry>[];
  readonly watches: readonly IndexedEntry<WatchEntry>[];
  /** Entries that failed validation, by the name they declare (references to them are not "unknown"). */
  readonly brokenNames: { readonly sources: readonly string[]; readonly watches: readonly string[]; readonly destinations: readonly string[] };
  /** How many source and watch entries the file declares, valid or not. */
  readonly declared: { readonly sources: number; readonly watches: number };
}

const TOP_LEVEL = ['schedule', 'settings', 'sources', 'watches', 'destinations', 'alerts'] as const;

/**
 * Validates one file section by section and entry by entry (pure), so that one misspelt key in
 * one source is reported alone: the other sources, watches and settings are still checked, and
 * nothing is reported as missing because its file had another problem.
 */
export function parseFileSections(data: unknown, onIssue: (issue: SectionIssue) => void): FileSections {
  const out: { -readonly [K in keyof ConfigFileData]: ConfigFileData[K] } = {};
  let sources: IndexedEntry<SourceEntry>[] = [];
  let watches: IndexedEntry<WatchEntry>[] = [];
  const broken = { sources: [] as string[], watches: [] as string[], destinations: [] as string[] };
  const declared = { sources: 0, watches: 0 };
  if (!isRecord(data)) {
    onIssue(custom([], `expected a mapping of top-level keys (${TOP_LEVEL.join(', ')})`));
    return { data: out, sources, watches, brokenNames: broken, declared };
  }
  const unknown = Object.keys(data).filter((key) => !(TOP_LEVEL as readonly string[]).includes(key));
  if (unknown.length > 0) onIssue({ code: 'unrecognized_keys', keys: unknown, path: [], message: '', input: data } as SectionIssue);

  if (data['schedule'] !== undefined) {
    const schedule = parsePart(scheduleSchema, data['schedule'], ['schedule'], onIssue);
    if (schedule !== undefined) out.schedule = schedule;
  }
  if (data['settings'] !== undefined) out.settings = parseSettings(data['settings'], onIssue);
  if (data['sources'] !== undefined) {
    const entries = parseList<SourceEntry>(sourceSchema, data['sources'], 'sources', onIssue, broken.sources);
    declared.sources = entries.declared;
    sources = entries.valid;
  }
  if (data['watches'] !== undefined) {
    const entries = parseList<WatchEntry>(watchSchema, data['watches'], 'watches', onIssue, broken.watches);
    declared.watches = entries.declared;
    watches = entries.valid;
  }
  if (data['destinations'] !== undefined) out.destinations = parseDestinations(data['destinations'], onIssue, broken.destinations);
  if (data['alerts'] !== undefined) {
    const alerts = parsePart(alertsSchema, data['alerts'], ['alerts'], onIssue);
    if (alerts !== undefined) out.alerts = alerts;
  }
  return { data: out, sources, watches, brokenNames: broken, declared };
}

function parseSettings(value: unknown, onIssue: (issue: SectionIssue) => void): NonNullable<ConfigFileData['settings']> {
  if (!isRecord(value)) {
    onIssue(custom(['settings'], 'expected a mapping of settings (key: value)'));
    return {};
  }
  const settings: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const schema = (settingsShape as Record<string, z.ZodType | undefined>)[key];
    if (schema === undefined) {
      unknown.push(key);
      continue;
    }
    const parsed = parsePart(schema, item, ['settings', key], onIssue);
    if (parsed !== undefined) settings[key] = parsed;
  }
  if (unknown.length > 0) onIssue({ code: 'unrecognized_keys', keys: unknown, path: ['settings'], message: '', input: value } as SectionIssue);
  return settings as NonNullable<ConfigFileData['settings']>;
}

function parseList<T>(
  schema: z.ZodType<T>,
  value: unknown,
  key: 'sources' | 'watches',
  onIssue: (issue: SectionIssue) => void,
  brokenNames: string[],
): { readonly valid: IndexedEntry<T>[]; readonly declared: number } {
  if (!Array.isArray(value)) {
    onIssue(custom([key], `expected a list of ${key} (each entry starting with '- name:')`));
    return { valid: [], declared: 0 };
  }
  const valid: IndexedEntry<T>[] = [];
  value.forEach((entry: unknown, index) => {
    const parsed = parsePart(schema, entry, [key, index], onIssue);
    if (parsed !== undefined) valid.push({ value: parsed, index });
    else if (isRecord(entry) && typeof entry['name'] === 'string') brokenNames.push(entry['name'].trim());
  });
  return { valid, declared: value.length };
}

function parseDestinations(value: unknown, onIssue: (issue: SectionIssue) => void, brokenNames: string[]): Record<string, DestinationEntry> {
  if (!isRecord(value)) {
    onIssue(custom(['destinations'], 'expected a mapping of destinations (name: settings)'));
    return {};
  }
  const destinations: Record<string, DestinationEntry> = {};
  for (const [name, entry] of Object.entries(value)) {
    const parsed = parsePart(destinationSchema, entry, ['destinations', name], onIssue);
    if (parsed !== undefined) destinations[name] = parsed;
    else brokenNames.push(name);
  }
  return destinations;
}

function parsePart<T>(schema: z.ZodType<T>, value: unknown, path: readonly PathSegment[], onIssue: (issue: SectionIssue) => void): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) onIssue({ ...issue, path: [...path, ...issue.path] } as SectionIssue);
  return undefined;
}

function custom(path: PathSegment[], message: string): SectionIssue {
  return { code: 'custom', path, message, input: undefined } as SectionIssue;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
