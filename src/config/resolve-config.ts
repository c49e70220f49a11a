import type { z } from 'zod';
import type { ConfigProblem } from '../errors/config-error.js';
import { ConfigError } from '../errors/config-error.js';
import { checkDestinationEntry, kindSendsDigests } from '../deliver/check-destination.js';
import type { DestinationApis, DestinationKind } from '../deliver/destination-kind.js';
import { DEFAULT_SCHEDULE, DEFAULT_SETTINGS } from './config-defaults.js';
import { formatPath, type ConfigDocument, type PathSegment } from './config-path.js';
import type { DestinationConfig, Settings, SourceConfig, VeilleConfig, WatchConfig } from './config-types.js';
import { parseByteSize, parseDuration } from './duration.js';
import type { ConfigFileData, SourceEntry, WatchEntry } from './file-schema.js';
import { parseFileSections, type FileSections } from './parse-file-sections.js';
import { shownWithReferences, type EnvVars } from './interpolate-env.js';
import { interpolateTree, type MissingVariable } from './interpolate-tree.js';

/** A rule error as the match module reports it. */
export interface RuleProblem {
  readonly message: string;
}

/** A warning about a rule: `index` is the keyword's index for a keyword list. */
export interface RuleLint {
  readonly index?: number;
  readonly message: string;
}

export interface ResolveOptions {
  readonly dir: string;
  readonly env: EnvVars;
  readonly apis: DestinationApis;
  /** Compiles a watch rule; returns what is wrong (with its position), or undefined. */
  readonly checkRule: (rule: string | readonly string[]) => RuleProblem | undefined;
  /** Rule entries that are valid but probably not what was meant (warnings, not errors). */
  readonly lintRule?: (rule: string | readonly string[]) => readonly RuleLint[];
  /** Returns what is wrong with a cron expression, or undefined. */
  readonly checkCron: (expression: string) => string | undefined;
  /** Returns what is wrong with a digest's cron expression (`digest:`), or undefined. */
  readonly checkDigestCron?: (expression: string) => string | undefined;
  /** The destination kinds (default: the registry, src/deliver/kinds.ts); tests pass others. */
  readonly kinds?: readonly DestinationKind[];
}

interface Located<T> {
  readonly value: T;
  readonly doc: ConfigDocument;
  readonly path: readonly PathSegment[];
}

/**
 * Merges and validates parsed config files (pure). Throws a ConfigError listing every problem,
 * each with file, line and path.
 */
export function resolveConfig(documents: readonly ConfigDocument[], options: ResolveOptions): VeilleConfig {
  const problems: ConfigProblem[] = [];
  const warnings: ConfigProblem[] = [];
  // A value whose variable is unset is reported as such, once: not also as a bad URL or an empty string.
  const unset = new Map<ConfigDocument, string[]>();
  const underUnset = (doc: ConfigDocument, path: readonly PathSegment[]) => {
    const shown = formatPath(path);
    return (unset.get(doc) ?? []).some((prefix) => shown === prefix || shown.startsWith(`${prefix}.`) || shown.startsWith(`${prefix}[`));
  };
  const report = (doc: ConfigDocument, path: readonly PathSegment[], message: string) => {
    if (underUnset(doc, path)) return;
    const line = doc.locate(path);
    problems.push({ file: doc.file, ...(line === undefined ? {} : { line }), path: formatPath(path), message });
  };
  const warn = (doc: ConfigDocument, path: readonly PathSegment[], message: string) => {
    const line = doc.locate(path);
    warnings.push({ file: doc.file, ...(line === undefined ? {} : { line }), path: formatPath(path), message });
  };

  const files: { doc: ConfigDocument; sections: FileSections; missing: readonly MissingVariable[] }[] = [];
  const brokenSources = new Set<string>();
  const brokenWatches = new Set<string>();
  const brokenDestinations = new Set<string>();
  const declared = { sources: 0, watches: 0 };
  for (const doc of documents) {
    const interpolated = interpolateTree(doc.data, options.env);
    // Destinations report their own unset variables (an optional destination is then skipped).
    for (const m of interpolated.missing.filter((m) => m.path[0] !== 'destinations')) {
      report(doc, m.path, `environment variable ${m.variables.join(', ')} is not set`);
      unset.set(doc, [...(unset.get(doc) ?? []), formatPath(m.path)]);
    }
    const sections = parseFileSections(interpolated.data, (issue) => reportIssue(doc, issue, report));
    sections.brokenNames.sources.forEach((name) => brokenSources.add(name));
    sections.brokenNames.watches.forEach((name) => brokenWatches.add(name));
    sections.brokenNames.destinations.forEach((name) => brokenDestinations.add(name));
    declared.sources += sections.declared.sources;
    declared.watches += sections.declared.watches;
    files.push({ doc, sections, missing: interpolated.missing });
  }

  // Merge
  const schedules: Located<string>[] = [];
  const settingEntries = new Map<string, Located<unknown>>();
  const sources: Located<SourceEntry>[] = [];
  const watches: Located<WatchEntry>[] = [];
  const alerts: Located<string>[] = [];
  const destinationEntries = new Map<string, Located<NonNullable<ConfigFileData['destinations']>[string]> & { missing: string[] }>();

  for (const { doc, sections, missing } of files) {
    const { data } = sections;
    if (data.schedule !== undefined) schedules.push({ value: data.schedule, doc, path: ['schedule'] });
    for (const [key, value] of Object.entries(data.settings ?? {})) {
      const previous = settingEntries.get(key);
      if (previous) report(doc, ['settings', key], `also set in ${previous.doc.file}; set it once`);
      else settingEntries.set(key, { value, doc, path: ['settings', key] });
    }
    for (const { value, index } of sections.sources) sources.push({ value, doc, path: ['sources', index] });
    for (const { value, index } of sections.watches) watches.push({ value, doc, path: ['watches', index] });
    (data.alerts ?? []).forEach((value, index) => alerts.push({ value, doc, path: ['alerts', index] }));
    for (const [name, value] of Object.entries(data.destinations ?? {})) {
      const previous = destinationEntries.get(name);
      if (previous) {
        report(doc, ['destinations', name], `destination '${name}' is also defined in ${previous.doc.file}`);
        continue;
      }
      const vars = missing.filter((m) => m.path[0] === 'destinations' && m.path[1] === name).flatMap((m) => m.variables);
      destinationEntries.set(name, { value, doc, path: ['destinations', name], missing: vars });
    }
  }

  // Schedule
  for (const extra of schedules.slice(1)) report(extra.doc, extra.path, `schedule is also set in ${schedules[0]?.doc.file}; set it once`);
  const schedule = schedules[0]?.value ?? DEFAULT_SCHEDULE;
  const cronProblem = options.checkCron(schedule);
  if (cronProblem !== undefined) {
    const at = schedules[0];
    if (at) report(at.doc, at.path, `invalid cron expression '${schedule}': ${cronProblem}`);
  }

  const settings = resolveSettings(settingEntries);
  const defaultBackfill = settingEntries.get('backfill');
  if (defaultBackfill !== undefined && settings.backfillMs > settings.retentionMs) {
    report(defaultBackfill.doc, defaultBackfill.path, backfillTooLong(String(defaultBackfill.value), settings.retentionMs));
  }

  // Sources
  const sourceConfigs: SourceConfig[] = [];
  const sourceNames = new Map<string, Located<unknown>>();
  const sourceUrls = new Map<string, string>();
  for (const entry of sources) {
    const { name, url, backfill, stale_after: staleAfter, every, hints } = entry.value;
    const previous = sourceNames.get(name);
    if (previous) report(entry.doc, [...entry.path, 'name'], `duplicate source name '${name}' (also ${previous.doc.file})`);
    else sourceNames.set(name, entry);
    const feedUrl = checkFeedUrl(url);
    if (typeof feedUrl === 'string') {
      report(entry.doc, [...entry.path, 'url'], feedUrl);
      continue;
    }
    const normalizedUrl = feedUrl.href;
    const sameUrl = sourceUrls.get(normalizedUrl);
    if (sameUrl !== undefined) report(entry.doc, [...entry.path, 'url'], `same URL as source '${sameUrl}'`);
    else sourceUrls.set(normalizedUrl, name);
    const written = valueAt(valueAt(entry.doc.data, entry.path), URL_KEY);
    sourceConfigs.push({
      name,
      url: normalizedUrl,
      // Without a `$`, the URL as written refers to no variable: it is shown as normalized.
      displayUrl: (typeof written === 'string' && written.includes('$') ? shownWithReferences(written.trim()) : undefined) ?? normalizedUrl,
      // The parser case-folds an http(s) URL's host name already.
      host: feedUrl.hostname,
      backfillMs: backfill === undefined ? settings.backfillMs : backfillWithin(backfill, settings.retentionMs, (message) => report(entry.doc, [...entry.path, 'backfill'], message)),
      staleAfterMs: staleAfter === undefined ? settings.staleAfterMs : (parseDuration(staleAfter) ?? 0),
      ...(every === undefined ? {} : { everyMs: everyWithin(every, settings.retentionMs, (message) => report(entry.doc, [...entry.path, 'every'], message)) }),
      ...(hints === undefined ? {} : { feedHints: hints }),
    });
  }

  // Destinations
  const destinations: DestinationConfig[] = [];
  const inactive: { name: string; missing: string[] }[] = [];
  const broken = new Set<string>();
  for (const [name, entry] of destinationEntries) {
    if (entry.missing.length > 0) {
      if (entry.value.optional === true) {
        inactive.push({ name, missing: entry.missing });
      } else {
        broken.add(name);
        report(entry.doc, entry.path, `environment variable ${entry.missing.join(', ')} is not set (mark the destination 'optional: true' to skip it when unset)`);
      }
      continue;
    }
    // The kind's own schema and checks: the same code that creates its client at start-up.
    const checked = checkDestinationEntry(name, entry.value, options.apis, options.kinds);
    if ('destination' in checked) {
      destinations.push(checked.destination);
    } else {
      broken.add(name);
      for (const problem of checked.problems) report(entry.doc, [...entry.path, ...problem.field], problem.message);
    }
  }
  const active = new Set(destinations.map((d) => d.name));

  // Watches
  const watchConfigs: WatchConfig[] = [];
  const watchNames = new Map<string, Located<unknown>>();
  for (const entry of watches) {
    const watch = entry.value;
    const previous = watchNames.get(watch.name);
    if (previous) report(entry.doc, [...entry.path, 'name'], `duplicate watch name '${watch.name}' (also ${previous.doc.file})`);
    else watchNames.set(watch.name, entry);

    const ruleProblem = options.checkRule(watch.rule);
    if (ruleProblem !== undefined) report(entry.doc, [...entry.path, 'rule'], `watch '${watch.name}': ${ruleProblem.message}`);
    for (const lint of options.lintRule?.(watch.rule) ?? []) {
      warn(entry.doc, [...entry.path, 'rule', ...(lint.index === undefined ? [] : [lint.index])], `watch '${watch.name}': ${lint.message}`);
    }

    (watch.sources ?? []).forEach((source, index) => {
      if (!sourceNames.has(source) && !brokenSources.has(source)) {
        report(entry.doc, [...entry.path, 'sources', index], `unknown source '${source}'${known(sourceNames.keys())}`);
      }
    });
    const toNames = watch.to.map((ref) => (typeof ref === 'string' ? ref : ref.name));
    for (const key of ['to', 'otherwise'] as const) {
      (key === 'to' ? toNames : (watch.otherwise ?? [])).forEach((name, index) => {
        if (!destinationEntries.has(name) && !brokenDestinations.has(name)) {
          report(entry.doc, [...entry.path, key, index], `unknown destination '${name}'${known(destinationEntries.keys())}`);
        }
      });
    }
    const primary = toNames.filter((name) => active.has(name));
    const to = primary.length > 0 ? primary : (watch.otherwise ?? []).filter((name) => active.has(name));
    const allKnown = [...toNames, ...(watch.otherwise ?? [])].every((name) => destinationEntries.has(name) && !broken.has(name) && !brokenDestinations.has(name));
    if (to.length === 0 && allKnown) {
      report(entry.doc, [...entry.path, 'to'], `watch '${watch.name}' has no active destination (set the variables of one of: ${[...toNames, ...(watch.otherwise ?? [])].join(', ')})`);
    }
    const digests = resolveDigests(watch, to, destinations, (path, message) => report(entry.doc, [...entry.path, ...path], message), options.checkDigestCron, options.kinds);
    watchConfigs.push({
      name: watch.name,
      rule: watch.rule,
      sources: watch.sources ?? sourceConfigs.map((s) => s.name),
      to,
      ...(watch.color === undefined ? {} : { color: typeof watch.color === 'number' ? watch.color : Number.parseInt(watch.color.slice(1), 16) }),
      ...(digests === undefined ? {} : { digests }),
      ...(watch.stories === undefined ? {} : { stories: watch.stories }),
    });
  }

  // Alerts
  for (const entry of alerts) {
    if (!destinationEntries.has(entry.value) && !brokenDestinations.has(entry.value)) report(entry.doc, entry.path, `unknown destination '${entry.value}'${known(destinationEntries.keys())}`);
  }
  const alertDestinations = alerts.map((entry) => entry.value).filter((name) => active.has(name));

  if (files.length > 0 && declared.sources === 0) problems.push({ file: shownDir(documents, options.dir), path: 'sources', message: 'no source is configured' });
  if (files.length > 0 && declared.watches === 0) problems.push({ file: shownDir(documents, options.dir), path: 'watches', message: 'no watch is configured' });

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dir: options.dir,
    schedule,
    settings,
    sources: sourceConfigs,
    watches: watchConfigs,
    destinations,
    alertDestinations,
    inactiveDestinations: inactive,
    warnings,
  };
}

/**
 * The digests of a watch: `digest:` on the watch applies to each of its active destinations, a
 * `{ name, digest }` entry of `to` to that one. Each cron is checked, and a destination whose kind
 * cannot render a digest is refused. Undefined when the watch has none.
 */
function resolveDigests(
  watch: WatchEntry,
  to: readonly string[],
  destinations: readonly DestinationConfig[],
  report: (path: readonly PathSegment[], message: string) => void,
  checkDigestCron: ((expression: string) => string | undefined) | undefined,
  kinds: readonly DestinationKind[] | undefined,
): Record<string, string> | undefined {
  const digests: Record<string, string> = {};
  const checkCronAt = (expression: string, path: readonly PathSegment[]): boolean => {
    const problem = checkDigestCron?.(expression);
    if (problem !== undefined) report(path, `invalid digest cron expression '${expression}': ${problem}`);
    return problem === undefined;
  };
  const watchCronValid = watch.digest === undefined || checkCronAt(watch.digest, ['digest']);
  const refs = [...watch.to.map((ref, index) => ({ ref, path: ['to', index] as PathSegment[] })), ...(watch.otherwise ?? []).map((ref, index) => ({ ref, path: ['otherwise', index] as PathSegment[] }))];
  for (const { ref, path } of refs) {
    const destinationName = typeof ref === 'string' ? ref : ref.name;
    const own = typeof ref === 'string' ? undefined : ref.digest;
    if (own !== undefined && !checkCronAt(own, [...path, 'digest'])) continue;
    const cron = own ?? watch.digest;
    if (cron === undefined || (own === undefined && !watchCronValid)) continue;
    const destination = destinations.find((d) => d.name === destinationName);
    if (destination === undefined) continue; // unknown, broken or inactive: reported (or skipped) elsewhere
    if (!kindSendsDigests(destination.type, kinds)) {
      report(own === undefined ? ['digest'] : [...path, 'digest'], `destination '${destinationName}' (${destination.type}) cannot receive digests`);
      continue;
    }
    if (to.includes(destinationName)) digests[destinationName] = cron.trim();
  }
  return Object.keys(digests).length === 0 ? undefined : digests;
}

/** A source's `every` in ms; one longer than the retention is refused (its seen items would be forgotten between two reads). */
function everyWithin(text: string, retentionMs: number, report: (message: string) => void): number {
  const ms = parseDuration(text) ?? 0;
  if (ms > retentionMs) report(`every ${text} is longer than the retention (${formatDays(retentionMs)}): what the source showed would be forgotten between two reads; use at most ${formatDays(retentionMs)}`);
  return ms;
}

/** A source's backfill in ms; one longer than the retention is refused (those items are never posted). */
function backfillWithin(text: string, retentionMs: number, report: (message: string) => void): number {
  const ms = parseDuration(text) ?? 0;
  if (ms > retentionMs) report(backfillTooLong(text, retentionMs));
  return ms;
}

function backfillTooLong(text: string, retentionMs: number): string {
  return `backfill ${text} is longer than the retention (${formatDays(retentionMs)}): items older than the retention are never posted; use at most ${formatDays(retentionMs)} or raise settings.retention`;
}

function formatDays(ms: number): string {
  return ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : `${Math.round(ms / 3_600_000)}h`;
}

function resolveSettings(entries: ReadonlyMap<string, Located<unknown>>): Settings & { readonly backfillMs: number; readonly staleAfterMs: number } {
  const get = <T>(key: string): T | undefined => entries.get(key)?.value as T | undefined;
  const duration = (key: string, fallback: number) => {
    const text = get<string>(key);
    return text === undefined ? fallback : (parseDuration(text) ?? fallback);
  };
  const maxBody = get<string | number>('max_body');
  return {
    userAgent: get<string>('user_agent') ?? DEFAULT_SETTINGS.userAgent,
    concurrency: get<number>('concurrency') ?? DEFAULT_SETTINGS.concurrency,
    perHost: get<number>('per_host') ?? DEFAULT_SETTINGS.perHost,
    connectTimeoutMs: duration('connect_timeout', DEFAULT_SETTINGS.connectTimeoutMs),
    totalTimeoutMs: duration('timeout', DEFAULT_SETTINGS.totalTimeoutMs),
    maxBodyBytes: maxBody === undefined ? DEFAULT_SETTINGS.maxBodyBytes : typeof maxBody === 'number' ? maxBody : (parseByteSize(maxBody) ?? DEFAULT_SETTINGS.maxBodyBytes),
    maxRedirects: get<number>('max_redirects') ?? DEFAULT_SETTINGS.maxRedirects,
    retentionMs: duration('retention', DEFAULT_SETTINGS.retentionMs),
    backfillMs: duration('backfill', DEFAULT_SETTINGS.backfillMs),
    timezone: get<string>('timezone') ?? DEFAULT_SETTINGS.timezone,
    alertAfterFailures: get<number>('alert_after') ?? DEFAULT_SETTINGS.alertAfterFailures,
    staleAfterMs: duration('stale_after', DEFAULT_SETTINGS.staleAfterMs),
    ...(get<number>('http_port') === undefined ? {} : { httpPort: get<number>('http_port') as number }),
    ...(get<string>('database') === undefined ? {} : { database: (get<string>('database') as string).trim() }),
    ...(get<boolean>('metrics_public') === undefined ? {} : { metricsPublic: get<boolean>('metrics_public') as boolean }),
    ...(get<boolean>('feed_hints') === undefined ? {} : { feedHints: get<boolean>('feed_hints') as boolean }),
    ...(get<string>('replica_lease') === undefined ? {} : { replicaLeaseMs: duration('replica_lease', 60_000) }),
    ...(get<string>('story_window') === undefined ? {} : { storyWindowMs: duration('story_window', 0) }),
  };
}

/** The feed URL parsed, or what is wrong with it. */
function checkFeedUrl(text: string): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `'${text}' is not a valid URL (expected http:// or https://)`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `unsupported scheme '${url.protocol}' (expected http or https)`;
  if (url.username !== '' || url.password !== '') return 'credentials in feed URLs are not supported';
  return url;
}

function known(names: Iterable<string>): string {
  const list = [...names];
  return list.length === 0 ? '' : ` (known: ${list.join(', ')})`;
}

function shownDir(documents: readonly ConfigDocument[], dir: string): string {
  const first = documents[0]?.file;
  return first === undefined ? dir : first.replace(/[^/\\]+$/, '').replace(/[/\\]$/, '') || '.';
}

/** The path of a source's `url` in its entry. */
const URL_KEY: readonly PathSegment[] = ['url'];

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function hasPath(data: unknown, path: readonly PathSegment[]): boolean {
  let node: unknown = data;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !(segment in node)) return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return true;
}

function reportIssue(
  doc: ConfigDocument,
  issue: z.core.$ZodIssue,
  report: (doc: ConfigDocument, path: readonly PathSegment[], message: string) => void,
): void {
  const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) report(doc, [...path, key], `unknown key '${key}'`);
    return;
  }
  if (issue.code === 'invalid_type' && !hasPath(doc.data, path)) {
    report(doc, path, `missing required key (${issue.message.replace(/^Invalid input: /, '')})`);
    return;
  }
  report(doc, path, issue.message.replace(/^Invalid input: /, ''));
}
