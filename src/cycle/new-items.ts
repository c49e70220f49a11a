import type { Matcher } from '../match/index.js';
import { normalizeEntry } from '../parse/normalize-entry.js';
import type { IdentifiedEntry } from '../parse/identify-entries.js';
import type { SourceSuccess, StoryWindowItem } from '../store/store.js';
import { groupedDestinations, type StoryStage } from './story-stage.js';
import { isPostable, planDeliveries, type DeliveryPlanContext } from './plan-deliveries.js';
import { titleKey } from './title-key.js';

export interface NewItemsContext {
  readonly source: { readonly name: string; readonly url: string };
  readonly matcher: Matcher;
  readonly plan: DeliveryPlanContext;
  /** Groups the coverage of one story (issue 14); absent: every item is a story of its own. */
  readonly stories?: StoryStage;
}

/**
 * The entries never seen before, normalized, matched, planned for delivery and placed in their
 * story (synchronous: the story stage's window is the only state it changes). Only these pay for
 * HTML-to-text and matching; an id repeated within the document is handled once.
 */
export function prepareNewItems(
  entries: readonly IdentifiedEntry[],
  unseen: ReadonlySet<string>,
  context: NewItemsContext,
): { readonly items: SourceSuccess['items']; readonly matched: number; readonly storyItems: readonly StoryWindowItem[] } {
  const pending = new Set(unseen);
  const items: SourceSuccess['items'][number][] = [];
  const storyItems: StoryWindowItem[] = [];
  let matched = 0;
  for (const entry of entries) {
    if (!pending.delete(entry.id)) continue;
    const item = normalizeEntry(entry, { source: context.source.name, now: context.plan.now });
    const postable = isPostable(item, context.plan);
    const matches = postable ? context.matcher.match(item) : [];
    const deliveries = planDeliveries(context.source.name, matches, context.plan);
    if (deliveries.length > 0) matched += 1;
    const grouped = context.stories === undefined ? [] : groupedDestinations(deliveries, context.plan.watches);
    const storyItem = grouped.length === 0 ? undefined : context.stories?.place(item, grouped, context.plan.now);
    if (storyItem !== undefined) storyItems.push(storyItem);
    const key = titleKey(item.title, context.source.url);
    items.push({ item, deliveries, postable, ...(key === undefined ? {} : { titleKey: key }) });
  }
  return { items, matched, storyItems };
}
