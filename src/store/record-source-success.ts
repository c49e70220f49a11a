import { canonicalIsoTime } from './iso-time.js';
import { validatorParams, type SqliteStatements } from './sqlite-statements.js';
import type { CommitResult, SourceSuccess } from './store.js';

/**
 * The body of `commitSourceSuccess`, to run inside one write transaction; `at` is canonical.
 *
 * The dedupe rule lives here: an item enqueues only if it was never recorded for its source AND
 * its story was never seen from any source (both inserts report whether they inserted); the
 * outbox's UNIQUE (destination, story_key) is a second guard.
 */
export function recordSourceSuccess(sql: SqliteStatements, input: SourceSuccess, at: string): CommitResult {
  sql.ensureSource.run({ name: input.source, url: input.url });
  let newItems = 0;
  let newStories = 0;
  let enqueued = 0;
  for (const { item, deliveries } of input.items) {
    const seen = sql.insertSeenItem.run({ source: input.source, itemId: item.id, storyKey: item.storyKey, at });
    if (seen.changes === 0) continue; // already recorded: its story was handled then
    newItems += 1;
    if (sql.insertStory.run({ storyKey: item.storyKey, at }).changes === 0) continue;
    newStories += 1;
    if (deliveries.length === 0) continue;
    const itemJson = JSON.stringify(item);
    // Orders the outbox only; the parser guarantees ISO dates, the read time is a safe fallback.
    const itemPublished = canonicalIsoTime(item.published) ?? at;
    for (const delivery of deliveries) {
      enqueued += sql.enqueue.run({
        destination: delivery.destination,
        storyKey: item.storyKey,
        watch: delivery.watch,
        terms: JSON.stringify(delivery.terms),
        color: delivery.color ?? null,
        item: itemJson,
        itemPublished,
        at,
      }).changes;
    }
  }
  if (input.presentItemIds !== undefined) {
    const present = JSON.stringify([...input.presentItemIds, ...input.items.map(({ item }) => item.id)]);
    sql.markPresent.run({ source: input.source, ids: present });
    sql.markAbsent.run({ source: input.source, ids: present, at });
  }
  sql.updateSourceSuccess.run({ name: input.source, url: input.url, at, newItems, ...validatorParams(input.validators) });
  return { newItems, newStories, enqueued };
}
