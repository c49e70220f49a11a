import { compileWatch, positiveTerms, type CompiledTerm, type CompiledWatch } from './compiled-rule.js';
import { contributionsOf, evaluateRule, type Contribution, type EvaluationContext } from './evaluate.js';
import { foldWord } from './fold.js';
import { parseRule } from './parse-rule.js';
import { quoteTerms } from './reason-text.js';
import type { RuleField } from './rule-ast.js';
import { scanItem, type ItemScan } from './scan-item.js';
import { TermIndexBuilder } from './term-index.js';
import type { MatchInput, Matcher, WatchExplanation, WatchMatch, WatchRuleSource } from './types.js';

/**
 * Compiles every watch once into a single term index. Per item: each field is tokenized once, each
 * word looked up once (hash maps and tries, whatever the number of terms), then only the watches
 * that have a term in the item (or that can match without any, like `NOT x`) evaluate their rule.
 * Throws `RuleSyntaxError` for the first bad rule.
 */
export function compileMatcher(watches: readonly WatchRuleSource[]): Matcher {
  const builder = new TermIndexBuilder();
  const terms: CompiledTerm[] = [];
  const compiled = watches.map((watch) => compileWatch(watch.name, parseRule(watch.rule).root, builder, terms));
  const index = builder.build();

  const watchesByAtom = new Map<number, number[]>();
  const alwaysEvaluated = new Set<number>();
  compiled.forEach((watch, watchIndex) => {
    if (watch.triggers === null) {
      alwaysEvaluated.add(watchIndex);
      return;
    }
    for (const atom of watch.triggers) {
      const list = watchesByAtom.get(atom);
      if (list === undefined) watchesByAtom.set(atom, [watchIndex]);
      else list.push(watchIndex);
    }
  });

  return {
    match(item: MatchInput): WatchMatch[] {
      const scan = scanItem(item, index);
      const touched = new Set(alwaysEvaluated);
      for (const atom of scan.hits.keys()) for (const watch of watchesByAtom.get(atom) ?? []) touched.add(watch);
      const context: EvaluationContext = { hits: scan.hits, terms, zones: scan.zones, explain: false };
      const matches: WatchMatch[] = [];
      for (const watchIndex of [...touched].sort((a, b) => a - b)) {
        const watch = compiled[watchIndex];
        const value = watch === undefined ? undefined : evaluateRule(watch.root, context);
        if (watch !== undefined && value?.ok === true) {
          matches.push({ watch: watch.name, terms: matchedLabels(contributionsOf(value), terms) });
        }
      }
      return matches;
    },

    explain(item: MatchInput): WatchExplanation[] {
      const scan = scanItem(item, index);
      const context: EvaluationContext = { hits: scan.hits, terms, zones: scan.zones, explain: true };
      return compiled.map((watch) => explainWatch(watch, scan, context));
    },
  };
}

function explainWatch(watch: CompiledWatch, scan: ItemScan, context: EvaluationContext): WatchExplanation {
  const value = evaluateRule(watch.root, context);
  if (value.ok) {
    const contributions = contributionsOf(value);
    return {
      watch: watch.name,
      matched: true,
      terms: matchedLabels(contributions, context.terms),
      reasons:
        contributions.length > 0
          ? foundReasons(contributions, scan.zoneFields, context.terms)
          : ['matched without any term: no excluded term found'],
    };
  }
  const found = watch.terms.filter((term) => {
    const atom = context.terms[term]?.atom;
    return atom !== undefined && scan.hits.has(atom);
  });
  // Words found only as exclusions (`UNLESS BEFORE (de …)`: "de" is in most French items) are
  // listed when something the rule looks for was found too, or when they explain the miss.
  const positive = new Set(positiveTerms(watch.root));
  const relevant = value.notes.length > 0 || found.some((term) => positive.has(term));
  const seen = uniqueLabels(relevant ? found : [], context.terms);
  const fallback =
    seen.length > 0 ? `found ${quoteTerms(seen)} but the rule does not match` : 'no term of the rule found';
  const reasons = value.notes.length > 0 ? [...new Set(value.notes)] : [fallback];
  return { watch: watch.name, matched: false, terms: seen, reasons };
}

function matchedLabels(contributions: readonly Contribution[], terms: readonly CompiledTerm[]): string[] {
  return uniqueLabels(
    [...new Set(contributions.map((item) => item.term))].sort((a, b) => a - b),
    terms,
  );
}

/** Labels of the given term ids, in that order, once each (compared case- and accent-folded). */
function uniqueLabels(termIds: readonly number[], terms: readonly CompiledTerm[]): string[] {
  const byFolded = new Map<string, string>();
  for (const id of termIds) {
    const label = terms[id]?.label;
    if (label !== undefined && !byFolded.has(foldWord(label))) byFolded.set(foldWord(label), label);
  }
  return [...byFolded.values()];
}

function foundReasons(
  contributions: readonly Contribution[],
  zoneFields: readonly RuleField[],
  terms: readonly CompiledTerm[],
): string[] {
  const fieldsByLabel = new Map<string, { label: string; fields: Set<RuleField> }>();
  for (const item of [...contributions].sort((a, b) => a.term - b.term)) {
    const label = terms[item.term]?.label;
    const field = zoneFields[item.zone];
    if (label === undefined || field === undefined) continue;
    const key = foldWord(label);
    const entry = fieldsByLabel.get(key) ?? { label, fields: new Set<RuleField>() };
    entry.fields.add(field);
    fieldsByLabel.set(key, entry);
  }
  return [...fieldsByLabel.values()].map((entry) => `found '${entry.label}' in ${[...entry.fields].join(', ')}`);
}
