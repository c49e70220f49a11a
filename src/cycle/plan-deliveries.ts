import type { WatchConfig } from '../config/config-types.js';
import type { WatchMatch } from '../match/index.js';
import type { FeedItem } from '../parse/feed-item.js';
import type { PlannedDelivery } from '../store/store.js';

export interface DeliveryPlanContext {
  /** Watches by name, each with the set of source names it applies to. */
  readonly watches: ReadonlyMap<string, { readonly watch: WatchConfig; readonly sources: ReadonlySet<string> }>;
  /** First sight of the source: only items newer than `backfillMs` are posted (none when 0). */
  readonly seeding: boolean;
  readonly backfillMs: number;
  /**
   * First sight of items from a source whose earlier reads were all empty: items published after
   * that last empty read are new, and are posted.
   */
  readonly emptyReadAt?: string;
  /** Items older than this are never posted (they may reappear after their record was pruned). */
  readonly retentionMs: number;
  readonly now: Date;
}

/** Whether a new item may be posted at all (pure). */
export function isPostable(item: FeedItem, context: DeliveryPlanContext): boolean {
  const age = context.now.getTime() - Date.parse(item.published);
  if (context.seeding) {
    if (!item.publishedFromFeed) return false;
    if (context.emptyReadAt !== undefined && Date.parse(item.published) > Date.parse(context.emptyReadAt)) return true;
    // The config refuses a backfill longer than the retention; the cap holds here too.
    return context.backfillMs > 0 && age <= Math.min(context.backfillMs, context.retentionMs);
  }
  return !item.publishedFromFeed || age <= context.retentionMs;
}

/**
 * One delivery per destination for an item's watch matches (pure). When two watches send the same
 * item to one destination, the first watch in config order wins (a story is posted once per destination).
 */
export function planDeliveries(source: string, matches: readonly WatchMatch[], context: Pick<DeliveryPlanContext, 'watches'>): PlannedDelivery[] {
  const planned = new Map<string, PlannedDelivery>();
  for (const match of matches) {
    const entry = context.watches.get(match.watch);
    if (entry === undefined || !entry.sources.has(source)) continue;
    const { watch } = entry;
    for (const destination of watch.to) {
      if (planned.has(destination)) continue;
      planned.set(destination, {
        destination,
        watch: watch.name,
        terms: match.terms,
        ...(watch.color === undefined ? {} : { color: watch.color }),
        // A digest destination collects the match; it is posted with the others when the digest fires.
        ...(watch.digests?.[destination] === undefined ? {} : { digest: true }),
      });
    }
  }
  return [...planned.values()];
}
