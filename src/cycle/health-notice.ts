import type { SourceConfig } from '../config/config-types.js';
import type { FeedItem } from '../parse/feed-item.js';
import type { SourceHealth, SourceRecord } from '../store/store.js';
import type { HealthFacts } from './source-health.js';
import type { SourceOutcome } from './source-outcome.js';

/** The watch name notices are posted under (shown in message footers). */
export const HEALTH_WATCH = 'veille';

const DAY = 86_400_000;
const HOUR = 3_600_000;

function since(from: string | undefined, now: Date): string {
  if (from === undefined) return 'longtemps';
  const ms = now.getTime() - Date.parse(from);
  return ms >= 2 * DAY ? `${Math.floor(ms / DAY)} jours` : `${Math.max(1, Math.floor(ms / HOUR))} h`;
}

/**
 * The message for a change of health, as an item so that it travels through the outbox like any
 * other post (pure). Its story key is unique to this change.
 */
export function healthNotice(
  source: SourceConfig,
  change: { readonly from: SourceHealth; readonly to: SourceHealth },
  before: SourceRecord | undefined,
  facts: HealthFacts,
  outcome: SourceOutcome,
  now: Date,
): FeedItem {
  const at = now.toISOString();
  const text = noticeText(source.name, change, before, facts, outcome, now);
  return {
    id: `health:${change.to}:${at}`,
    storyKey: `veille:health:${source.name}:${change.from}>${change.to}:${at}`,
    source: source.name,
    title: text.title,
    // A URL carrying a secret from the environment is not shown in the channel.
    ...(source.displayUrl === source.url ? { link: source.url } : {}),
    summary: text.summary,
    categories: [],
    published: at,
    publishedFromFeed: true,
  };
}

function noticeText(
  name: string,
  change: { readonly from: SourceHealth; readonly to: SourceHealth },
  before: SourceRecord | undefined,
  facts: HealthFacts,
  outcome: SourceOutcome,
  now: Date,
): { title: string; summary: string } {
  switch (change.to) {
    case 'failing': {
      const error = outcome.status === 'failed' ? outcome : before?.lastError;
      return {
        title: `Source en échec : ${name} (${facts.consecutiveFailures} cycle${facts.consecutiveFailures > 1 ? 's' : ''} de suite)`,
        summary: error === undefined ? 'La source ne répond plus.' : `Dernière erreur (${error.kind}) : ${error.message}`,
      };
    }
    case 'stale':
      return {
        title: `Source silencieuse : ${name}`,
        summary: `Aucun article nouveau depuis ${since(facts.lastNewItemAt, now)}. Le flux a peut-être changé d'adresse.`,
      };
    case 'ok':
      return change.from === 'failing'
        ? { title: `Source rétablie : ${name}`, summary: `Lue avec succès après ${before?.consecutiveFailures ?? 0} échecs.` }
        : { title: `Source de nouveau active : ${name}`, summary: 'De nouveaux articles sont publiés.' };
  }
}
