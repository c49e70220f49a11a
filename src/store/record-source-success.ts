import { canonicalIsoTime } from './iso-time.js';
import { validatorParams, type SqliteStatements } from './sqlite-statements.js';
import type { CommitResult, SourceSuccess } from './store.js';

/** A headline seen from another source within this window is the same story. */
export const TITLE_DEDUPE_WINDOW_MS = 7 * 86_400_000;

/**
 * The body of `commitSourceSuccess`, to run inside one write transaction; `at` is canonical.
 *
 * The dedupe rule lives here: an item enqueues only if it was never recorded for its source AND
 * its story was never seen from any source (both inserts report whether they inserted), nor its
 * headline from another source in the last week (aggregator links differ from the outlet's); the
 * outbox's UNIQUE (destination, story_key) is a last guard.
 */
export function recordSourceSuccess(sql: SqliteStatements, input: SourceSuccess, at: string): CommitResult {
  sql.ensureSource.run({ name: input.source, url: input.url });
  let newItems = 0;
  let newStories = 0;
  let enqueued = 0;
  const since = new Date(Date.parse(at) - TITLE_DEDUPE_WINDOW_MS).toISOString();
  for (const { item, deliveries, titleKey } of input.items) {
    const seen = sql.insertSeenItem.run({ source: input.source, itemId: item.id, storyKey: item.storyKey, at });
    if (seen.changes === 0) continue; // already recorded: its story was handled then
    newItems += 1;
    if (sql.insertStory.run({ storyKey: item.storyKey, at }).changes === 0) continue;
    if (titleKey !== undefined) {
      const shownBy = sql.titleKeySource.get({ titleKey, since });
      sql.insertTitleKey.run({ titleKey, source: input.source, at, since });
      if (shownBy !== undefined && shownBy !== input.source) continue;
    }
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
