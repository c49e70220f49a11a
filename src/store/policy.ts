import { canonicalIsoTime } from './iso-time.js';
import type { SourceSuccess } from './store.js';

/**
 * The rules every store engine applies the same way (pure: no I/O). The SQL of each engine does the
 * rest; the contract suite (tests/store/contract) checks that both agree.
 */

/** A headline another source's item carried to a destination within this window is the same story. */
export const TITLE_DEDUPE_WINDOW_MS = 7 * 86_400_000;

/** The start of the title window for a read at `at` (canonical ISO time in, canonical out). */
export function titleWindowStart(at: string): string {
  return new Date(Date.parse(at) - TITLE_DEDUPE_WINDOW_MS).toISOString();
}

/**
 * Where an item goes in its destination's queue: its publication time (the parser guarantees ISO
 * dates), or the read time as a safe fallback. It orders the outbox only.
 */
export function outboxOrderTime(published: string, at: string): string {
  return canonicalIsoTime(published) ?? at;
}

/**
 * The ids a read lists (seen before or new), or undefined when the caller did not say: then nothing
 * is marked absent (only absent items are ever pruned).
 */
export function presentItemIds(input: SourceSuccess): string[] | undefined {
  if (input.presentItemIds === undefined) return undefined;
  return [...input.presentItemIds, ...input.items.map(({ item }) => item.id)];
}

/**
 * Whether a read's planned deliveries stand: not when it planned them on a seeded record and the
 * source is no longer seeded at commit (see `SourceSuccess.plannedAsSeeded`).
 */
export function plannedDeliveriesStand(input: SourceSuccess, seededNow: boolean): boolean {
  return input.plannedAsSeeded !== true || seededNow;
}

/** A read that listed nothing does not seed the source: the first read with entries does (so the next one cannot flood). */
export function readSeedsSource(input: SourceSuccess): boolean {
  return input.items.length > 0 || (input.presentItemIds?.length ?? 0) > 0;
}

/**
 * The head of a destination's queue that is due at `now`: entries in queue order up to the first one
 * whose next attempt is later (a deferred entry holds back those behind it, so items arrive in order).
 */
export function dueHead<T extends { readonly nextAttemptAt: string }>(queue: readonly T[], now: string): T[] {
  const notDue = queue.findIndex((entry) => entry.nextAttemptAt > now);
  return notDue === -1 ? [...queue] : queue.slice(0, notDue);
}
