import Parser from 'rss-parser';
import { compileMatcher } from '../../src/match/index.js';
import { feedUrlOf } from '../server/feed-protocol.js';
import { loadDefaultWatchRule } from '../support/bench-config.js';
import { collectGarbage, measure } from '../support/measure.js';
import { startProfiler, type ProfileSummary } from '../support/profile-summary.js';
import type { NaiveResult, NaiveTask } from './case-types.js';

const asText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const text = (value as { _?: unknown } | null)?._;
  return typeof text === 'string' ? text : '';
};

/**
 * The naive loop: rss-parser's parseURL on one feed after the other, every item matched with
 * veille's compiled matcher, no state (every item of every feed is matched on every cycle).
 */
export async function runNaiveCase(task: NaiveTask): Promise<NaiveResult> {
  const matcher = compileMatcher([{ name: 'cloud-souverain', rule: await loadDefaultWatchRule() }]);
  const urls = Array.from({ length: task.sources }, (_, index) => feedUrlOf(task.ports, index));
  const parser = new Parser();
  const pass = async (list: readonly string[]) => {
    let items = 0;
    let matchedItems = 0;
    for (const url of list) {
      const feed = await parser.parseURL(url);
      for (const item of feed.items) {
        items += 1;
        const matches = matcher.match({
          title: item.title ?? '',
          summary: item.contentSnippet ?? '',
          categories: (item.categories ?? []).map(asText),
          ...(item.link === undefined ? {} : { link: item.link }),
        });
        if (matches.length > 0) matchedItems += 1;
      }
    }
    return { items, matchedItems };
  };
  collectGarbage();
  await pass(urls.slice(0, task.warmupSources));
  const stopProfiler = task.profileFile === undefined ? undefined : await startProfiler(task.profileFile);
  const { value, measurement } = await measure(() => pass(urls));
  const profile: ProfileSummary | undefined = await stopProfiler?.();
  return { measurement, documents: urls.length, ...value, ...(profile === undefined ? {} : { profile }) };
}
