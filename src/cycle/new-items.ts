import type { Matcher } from '../match/index.js';
import { normalizeEntry } from '../parse/normalize-entry.js';
import type { IdentifiedEntry } from '../parse/identify-entries.js';
import type { SourceSuccess } from '../store/store.js';
import { isPostable, planDeliveries, type DeliveryPlanContext } from './plan-deliveries.js';
import { titleKey } from './title-key.js';

export interface NewItemsContext {
  readonly source: { readonly name: string; readonly url: string };
  readonly matcher: Matcher;
  readonly plan: DeliveryPlanContext;
}

/**
 * The entries never seen before, normalized, matched and planned for delivery (pure). Only these
 * pay for HTML-to-text and matching; an id repeated within the document is handled once.
 */
export function prepareNewItems(
  entries: readonly IdentifiedEntry[],
  unseen: ReadonlySet<string>,
  context: NewItemsContext,
): { readonly items: SourceSuccess['items']; readonly matched: number } {
  const pending = new Set(unseen);
  const items: SourceSuccess['items'][number][] = [];
  let matched = 0;
  for (const entry of entries) {
    if (!pending.delete(entry.id)) continue;
    const item = normalizeEntry(entry, { source: context.source.name, now: context.plan.now });
    const postable = isPostable(item, context.plan);
    const matches = postable ? context.matcher.match(item) : [];
    const deliveries = planDeliveries(context.source.name, matches, context.plan);
    if (deliveries.length > 0) matched += 1;
    const key = titleKey(item.title, context.source.url);
    items.push({ item, deliveries, postable, ...(key === undefined ? {} : { titleKey: key }) });
  }
  return { items, matched };
}
