import { itemTextJson } from '../item-text.js';
import { outboxOrderTime, plannedDeliveriesStand, presentItemIds, readSeedsSource, titleWindowStart } from '../policy.js';
import type { DigestStatements } from './digest-statements.js';
import { validatorParams, type SqliteStatements } from './sqlite-statements.js';
import type { CommitResult, SourceSuccess } from '../store.js';

/**
 * The body of `commitSourceSuccess`, to run inside one write transaction; `at` is canonical.
 *
 * The dedupe rules live here. An item counts once per source (seen_items). Each planned delivery is
 * enqueued unless its destination already has an entry for the same story (UNIQUE (destination,
 * story_key): the same link from any source) or, within a week, for the same headline from another
 * source (an aggregator's redirect link differs from the outlet's own). A sighting that enqueued
 * nothing (no match, a first read) blocks nothing.
 */
export function recordSourceSuccess(sql: SqliteStatements, input: SourceSuccess, at: string, digests: DigestStatements): CommitResult {
  // A source row created now has no seen items yet (they go with their source row): nothing to mark absent.
  const created = sql.ensureSource.run({ name: input.source, url: input.url }).changes > 0;
  // A row created now is not seeded (the column's default).
  const stand = plannedDeliveriesStand(input, !created && sql.sourceSeeded.get(input.source) === 1);
  let newItems = 0;
  let enqueued = 0;
  const since = titleWindowStart(at);
  for (const { item, deliveries, titleKey, postable } of input.items) {
    const itemText = itemTextJson(item, postable ?? true);
    const seen = sql.insertSeenItem.run(input.source, item.id, item.storyKey, at, itemText);
    if (seen.changes === 0) continue; // already recorded: handled then
    newItems += 1;
    if (deliveries.length === 0 || !stand) continue;
    const itemJson = JSON.stringify(item);
    const itemPublished = outboxOrderTime(item.published, at);
    for (const delivery of deliveries) {
      if (delivery.digest === true) {
        // Collected for the watch's digest to this destination (see Store.claimDigest).
        digests.collect.run({
          watch: delivery.watch, destination: delivery.destination, source: input.source, itemId: item.id, storyKey: item.storyKey,
          terms: JSON.stringify(delivery.terms), color: delivery.color ?? null, item: itemJson, itemPublished, at,
        });
        continue;
      }
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
  const listed = presentItemIds(input);
  // A source row created by this read has only the rows this read inserted, none absent, all of
  // them listed (presentItemIds adds the items' ids): neither update would change a row.
  if (listed !== undefined && !created) {
    const present = JSON.stringify(listed);
    // Rows inserted by this read are present already: only older ones may need it (a first read has none).
    if (!allInsertedNow(input, newItems)) sql.markPresent.run({ source: input.source, ids: present });
    sql.markAbsent.run({ source: input.source, ids: present, at });
  }
  // Not standing: the source stays unseeded, without validators, so that its next read is a full first read.
  const hasEntries = stand && readSeedsSource(input) ? 1 : 0;
  sql.updateSourceSuccess.run({ name: input.source, url: input.url, at, newItems, hasEntries, ...validatorParams(stand ? input.validators : {}) });
  return stand ? { newItems, enqueued } : { newItems, enqueued, reseeded: true };
}

/** Whether every id this read lists is a row it has just inserted (so none is marked absent). */
function allInsertedNow(input: SourceSuccess, newItems: number): boolean {
  if (newItems !== input.items.length) return false;
  const inserted = new Set(input.items.map(({ item }) => item.id));
  return inserted.size === newItems && (input.presentItemIds ?? []).every((id) => inserted.has(id));
}
