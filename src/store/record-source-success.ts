import { canonicalIsoTime } from './iso-time.js';
import { validatorParams, type SqliteStatements } from './sqlite-statements.js';
import type { CommitResult, SourceSuccess } from './store.js';

/** A headline another source's item carried to a destination within this window is the same story. */
export const TITLE_DEDUPE_WINDOW_MS = 7 * 86_400_000;

/**
 * The body of `commitSourceSuccess`, to run inside one write transaction; `at` is canonical.
 *
 * The dedupe rules live here. An item counts once per source (seen_items). Each planned delivery is
 * enqueued unless its destination already has an entry for the same story (UNIQUE (destination,
 * story_key): the same link from any source) or, within a week, for the same headline from another
 * source (an aggregator's redirect link differs from the outlet's own). A sighting that enqueued
 * nothing (no match, a first read) blocks nothing.
 */
export function recordSourceSuccess(sql: SqliteStatements, input: SourceSuccess, at: string): CommitResult {
  sql.ensureSource.run({ name: input.source, url: input.url });
  let newItems = 0;
  let enqueued = 0;
  const since = new Date(Date.parse(at) - TITLE_DEDUPE_WINDOW_MS).toISOString();
  for (const { item, deliveries, titleKey } of input.items) {
    const seen = sql.insertSeenItem.run({ source: input.source, itemId: item.id, storyKey: item.storyKey, at });
    if (seen.changes === 0) continue; // already recorded: handled then
    newItems += 1;
    if (deliveries.length === 0) continue;
    const itemJson = JSON.stringify(item);
    // Orders the outbox only; the parser guarantees ISO dates, the read time is a safe fallback.
    const itemPublished = canonicalIsoTime(item.published) ?? at;
    for (const delivery of deliveries) {
      if (titleKey !== undefined && sql.headlineEnqueuedElsewhere.get({ destination: delivery.destination, titleKey, source: input.source, since }) !== undefined) {
        continue;
      }
      enqueued += sql.enqueue.run({
        destination: delivery.destination,
        storyKey: item.storyKey,
        watch: delivery.watch,
        terms: JSON.stringify(delivery.terms),
        color: delivery.color ?? null,
        item: itemJson,
        itemPublished,
        at,
        source: input.source,
        titleKey: titleKey ?? null,
      }).changes;
    }
  }
  if (input.presentItemIds !== undefined) {
    const present = JSON.stringify([...input.presentItemIds, ...input.items.map(({ item }) => item.id)]);
    sql.markPresent.run({ source: input.source, ids: present });
    sql.markAbsent.run({ source: input.source, ids: present, at });
  }
  // A read that listed nothing does not seed: the first read with entries does.
  const hasEntries = input.items.length > 0 || (input.presentItemIds?.length ?? 0) > 0 ? 1 : 0;
  sql.updateSourceSuccess.run({ name: input.source, url: input.url, at, newItems, hasEntries, ...validatorParams(input.validators) });
  return { newItems, enqueued };
}
