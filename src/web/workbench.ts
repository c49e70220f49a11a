import { stringify } from 'yaml';
import type { WatchConfig } from '../config/config-types.js';
import { compileMatcher, parseRule, RuleSyntaxError } from '../match/index.js';
import type { SeenItemRecord } from '../store/store.js';

/** How the textarea is read: a rule string, or a keyword list (one keyword per line). */
export type RuleForm = 'rule' | 'list';

export interface WorkbenchQuery {
  /** A configured watch's name, or undefined to try a rule on every source. */
  readonly watch?: string;
  /** The text edited; undefined when the form was not sent yet (then the watch's rule is shown). */
  readonly rule?: string;
  readonly form: RuleForm;
  readonly days: number;
}

/** The longest rule the workbench reads from a query. */
export const MAX_WORKBENCH_RULE_CHARS = 10_000;
export const DEFAULT_WORKBENCH_DAYS = 7;

/** Reads `/workbench?watch=&rule=&form=&days=` (pure); days are clamped to 1..maxDays. */
export function readWorkbenchQuery(params: URLSearchParams, watches: readonly string[], maxDays: number): WorkbenchQuery {
  const watch = params.get('watch') ?? '';
  const rule = params.get('rule');
  const daysText = params.get('days');
  const parsedDays = daysText === null || !/^\d{1,4}$/.test(daysText) ? DEFAULT_WORKBENCH_DAYS : Number(daysText);
  return {
    ...(watches.includes(watch) ? { watch } : {}),
    ...(rule === null ? {} : { rule: rule.slice(0, MAX_WORKBENCH_RULE_CHARS) }),
    form: params.get('form') === 'list' ? 'list' : 'rule',
    days: Math.min(Math.max(parsedDays, 1), Math.max(1, Math.floor(maxDays))),
  };
}

/** The textarea's content and form for a watch's current rule. */
export function ruleAsText(rule: WatchConfig['rule']): { readonly text: string; readonly form: RuleForm } {
  return typeof rule === 'string' ? { text: rule, form: 'rule' } : { text: rule.join('\n'), form: 'list' };
}

/** The rule the textarea means. */
export function ruleFromText(text: string, form: RuleForm): string | readonly string[] {
  return form === 'list' ? text.split('\n').map((line) => line.trim()).filter((line) => line !== '') : text;
}

export interface WorkbenchItem {
  readonly source: string;
  readonly id: string;
  readonly title: string;
  readonly link?: string;
  readonly published: string;
  readonly firstSeenAt: string;
  /** Terms of the candidate rule (when it matches) or of the current rule (a removed item). */
  readonly terms: readonly string[];
  /** The explanation `veille match` prints for this item and rule. */
  readonly reasons: readonly string[];
}

export type WorkbenchResult =
  | { readonly ok: false; readonly reason: string; readonly line: number; readonly column: number; readonly excerpt: string; readonly caret: string }
  | {
      readonly ok: true;
      readonly yaml: string;
      /** Items looked at (those of the watch's sources when a watch is picked). */
      readonly scanned: number;
      /** Items the edited rule matches, newest first. */
      readonly matches: readonly WorkbenchItem[];
      /** Against the watch's current rule (absent without a watch): newly matched, no longer matched. */
      readonly diff?: { readonly added: readonly WorkbenchItem[]; readonly removed: readonly WorkbenchItem[] };
    };

/**
 * Runs an edited rule over stored items with the live matcher (pure): which items it matches and
 * why, and, for a picked watch, the difference with its current rule. Never touches the config.
 */
export function runWorkbench(rule: string | readonly string[], items: readonly SeenItemRecord[], watch?: WatchConfig): WorkbenchResult {
  try {
    parseRule(rule);
  } catch (error) {
    if (!(error instanceof RuleSyntaxError)) throw error;
    // A keyword list is shown one keyword per line: its bad entry is that line.
    const line = typeof rule === 'string' ? error.line : (error.entry ?? 0) + 1;
    const excerpt = (typeof rule === 'string' ? rule.split('\n') : rule)[line - 1] ?? '';
    return { ok: false, reason: error.reason, line, column: error.column, excerpt, caret: `${' '.repeat(Math.max(0, error.column - 1))}^` };
  }
  const rules = [{ name: 'candidate', rule }, ...(watch === undefined ? [] : [{ name: 'current', rule: watch.rule }])];
  const matcher = compileMatcher(rules);
  const sources = watch === undefined ? undefined : new Set(watch.sources);
  const scope = sources === undefined ? items : items.filter((item) => sources.has(item.source));
  const matches: WorkbenchItem[] = [];
  const added: WorkbenchItem[] = [];
  const removed: WorkbenchItem[] = [];
  for (const seen of scope) {
    const [candidate, current] = matcher.explain(seen.text);
    if (candidate === undefined) continue;
    const entry = (terms: readonly string[], reasons: readonly string[]): WorkbenchItem => ({
      source: seen.source,
      id: seen.id,
      title: seen.text.title,
      ...(seen.text.link === undefined ? {} : { link: seen.text.link }),
      published: seen.text.published,
      firstSeenAt: seen.firstSeenAt,
      terms,
      reasons,
    });
    if (candidate.matched) matches.push(entry(candidate.terms, candidate.reasons));
    if (current === undefined) continue;
    if (candidate.matched && !current.matched) added.push(entry(candidate.terms, candidate.reasons));
    if (!candidate.matched && current.matched) removed.push(entry(current.terms, candidate.reasons));
  }
  return {
    ok: true,
    yaml: ruleYaml(rule),
    scanned: scope.length,
    matches,
    ...(watch === undefined ? {} : { diff: { added, removed } }),
  };
}

/** The `rule:` line(s) to paste under the watch. */
export function ruleYaml(rule: string | readonly string[]): string {
  if (typeof rule !== 'string') return stringify({ rule: [...rule] }, { lineWidth: 0 });
  return stringify({ rule: rule.includes('\n') ? `${rule.trimEnd()}\n` : rule.trim() }, { lineWidth: 0 });
}
