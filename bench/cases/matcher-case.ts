import { compileMatcher, type MatchInput, type WatchRuleSource } from '../../src/match/index.js';
import { createArticle } from '../corpus/french-article.js';
import { keywordList } from '../corpus/match-terms.js';
import { loadDefaultWatchRule } from '../support/bench-config.js';
import { collectGarbage } from '../support/measure.js';
import type { MatcherResult, MatcherRow, MatcherTask } from './case-types.js';

interface Variant {
  readonly name: string;
  readonly terms: number;
  readonly watches: readonly WatchRuleSource[];
}

/** Items as veille's matcher sees them: plain title, plain summary (teaser), categories, link. */
function benchItems(count: number): MatchInput[] {
  return Array.from({ length: count }, (_, index) => {
    const article = createArticle(1_000_000 + index);
    return {
      title: article.title,
      summary: article.summaryText,
      categories: article.categories,
      link: `https://www.exemple-actu.fr/actualites/${index}-${article.title.slice(0, 24).toLowerCase().replace(/[^a-z0-9]+/g, '-')}.html`,
    };
  });
}

function variants(defaultRule: string | readonly string[]): Variant[] {
  const list = (terms: number): Variant => ({ name: `keyword list, ${terms} terms`, terms, watches: [{ name: 'w', rule: keywordList(terms) }] });
  const split300: WatchRuleSource[] = Array.from({ length: 10 }, (_, watch) => ({
    name: `w${watch}`,
    rule: keywordList(300).slice(watch * 30, watch * 30 + 30),
  }));
  return [
    list(3),
    list(30),
    list(300),
    { name: '300 terms in 10 watches of 30', terms: 300, watches: split300 },
    { name: 'default watch (feeds/watches.yaml)', terms: 0, watches: [{ name: 'cloud-souverain', rule: defaultRule }] },
  ];
}

const ROUNDS = 5;
/** match() calls each preceded by two full GCs (V8 drops compiled RegExp code unused for two). */
const AFTER_GC_SAMPLES = 40;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Items per second of `compileMatcher(...).match` over the same items, for each variant. The
 * variants are timed in interleaved rounds (each round at least minMs / ROUNDS per variant) and
 * the median round is kept, so that a GC or a noisy neighbour does not favour one variant.
 */
export async function runMatcherCase(task: MatcherTask): Promise<MatcherResult> {
  const items = benchItems(task.items);
  const prepared = variants(await loadDefaultWatchRule()).map((variant) => {
    const matcher = compileMatcher(variant.watches);
    let itemsWithHits = 0;
    let matched = 0;
    for (const item of items) {
      // An explanation lists every term found, matched or not: what drives rule evaluation.
      if (matcher.explain(item).some((explanation) => explanation.terms.length > 0)) itemsWithHits += 1;
      if (matcher.match(item).length > 0) matched += 1;
    }
    return { variant, matcher, itemsWithHits, matched, rounds: [] as number[], passes: 0 };
  });
  const roundMs = task.minMs / ROUNDS;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const entry of prepared) {
      collectGarbage();
      let passes = 0;
      const started = performance.now();
      let elapsed = 0;
      while (elapsed < roundMs) {
        for (const item of items) entry.matcher.match(item);
        passes += 1;
        elapsed = performance.now() - started;
      }
      entry.passes += passes;
      entry.rounds.push((elapsed * 1000) / (passes * items.length));
    }
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  const rows: MatcherRow[] = prepared.map((entry) => {
    const microsPerItem = median(entry.rounds);
    const afterGc: number[] = [];
    for (const item of items.slice(0, gc === undefined ? 0 : AFTER_GC_SAMPLES)) {
      // V8 drops a RegExp's compiled code once it went unused through two major GCs.
      gc?.();
      gc?.();
      const started = performance.now();
      entry.matcher.match(item);
      afterGc.push((performance.now() - started) * 1000);
    }
    return {
      variant: entry.variant.name,
      terms: entry.variant.terms,
      watches: entry.variant.watches.length,
      items: items.length,
      passes: entry.passes,
      itemsPerSecond: 1_000_000 / microsPerItem,
      microsPerItem,
      matchedShare: entry.matched / items.length,
      itemsWithHits: entry.itemsWithHits,
      microsAfterMajorGcs: median(afterGc),
    };
  });
  return { rows };
}
