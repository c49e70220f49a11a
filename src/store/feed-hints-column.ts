import type { FeedHints } from './store.js';

const KEYS = ['ttlMs', 'updatePeriodMs', 'maxAgeMs'] as const;

/** FeedHints as both engines store them: a JSON text column, NULL when the feed says nothing. */
export function feedHintsToColumn(hints: FeedHints): string | null {
  const known = Object.fromEntries(KEYS.flatMap((key) => (hints[key] === undefined ? [] : [[key, hints[key]]])));
  return Object.keys(known).length === 0 ? null : JSON.stringify(known);
}

/** The column back; anything unreadable is no hint (a hint is never worth failing a read). */
export function feedHintsFromColumn(text: string | null | undefined): FeedHints | undefined {
  if (text === null || text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const values = parsed as Record<string, unknown>;
  const hints = Object.fromEntries(KEYS.flatMap((key) => (typeof values[key] === 'number' && Number.isFinite(values[key]) ? [[key, values[key]]] : [])));
  return Object.keys(hints).length === 0 ? undefined : (hints as FeedHints);
}
