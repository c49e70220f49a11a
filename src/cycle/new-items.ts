import type { Matcher } from '../match/index.js';
import { normalizeEntry } from '../parse/normalize-entry.js';
import type { IdentifiedEntry } from '../parse/identify-entries.js';
import type { FeedItem } from '../parse/feed-item.js';
import type { SourceSuccess } from '../store/store.js';
import { groupedDestinations } from './story-stage.js';
import { isPostable, planDeliveries, type DeliveryPlanContext } from './plan-deliveries.js';
import { titleKeysOf } from './title-key.js';

export interface NewItemsContext {
  readonly source: { readonly name: string; readonly url: string };
  readonly matcher: Matcher;
  readonly plan: DeliveryPlanContext;
  /** Whether the coverage of one story is grouped (issue 14, a story stage runs); absent or false: every item is a story of its own. */
  readonly stories?: boolean;
}

/** A new item to place in its story, for the destinations of watches that group stories. */
export interface ItemToPlace {
  readonly item: FeedItem;
  readonly grouped: readonly string[];
}

/**
 * The entries never seen before, normalized, matched and planned for delivery, and those to place
 * in their story (see place-stories.ts), in order. Pure. Only these pay for HTML-to-text and
 * matching; an id repeated within the document is handled once.
 */
export function prepareNewItems(
  entries: readonly IdentifiedEntry[],
  unseen: ReadonlySet<string>,
  context: NewItemsContext,
): { readonly items: SourceSuccess['items']; readonly matched: number; readonly toPlace: readonly ItemToPlace[] } {
  const pending = new Set(unseen);
  const items: SourceSuccess['items'][number][] = [];
  const toPlace: ItemToPlace[] = [];
  let matched = 0;
  const titleKey = titleKeysOf(context.source.url);
  for (const entry of entries) {
    if (!pending.delete(entry.id)) continue;
    const item = normalizeEntry(entry, { source: context.source.name, now: context.plan.now });
    const postable = isPostable(item, context.plan);
    const matches = postable ? context.matcher.match(item) : [];
    const deliveries = planDeliveries(context.source.name, matches, context.plan);
    if (deliveries.length > 0) matched += 1;
    const grouped = context.stories === true ? groupedDestinations(deliveries, context.plan.watches) : [];
    if (grouped.length > 0) toPlace.push({ item, grouped });
    // Only an enqueued item is compared by headline (see Store.commitSourceSuccess): a first read,
    // or an item that matched nothing, does without its key.
    const key = deliveries.length === 0 ? undefined : titleKey(item.title);
    // Not a literal with properties: it waits for the commit, and V8 would pretenure the literal's
    // allocation site (see normalizeEntry).
    const newItem = {} as { -readonly [K in keyof SourceSuccess['items'][number]]: SourceSuccess['items'][number][K] };
    newItem.item = item;
    newItem.deliveries = deliveries;
    newItem.postable = postable;
    if (key !== undefined) newItem.titleKey = key;
    items.push(newItem);
  }
  return { items, matched, toPlace };
}
