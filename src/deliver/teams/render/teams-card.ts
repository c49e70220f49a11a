import type { Delivery } from '../../destination.js';
import { fitTemplate } from '../../../render/fit-template.js';
import { DEFAULT_TIME_ZONE, formatPublished } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import type { Template } from '../../../render/template.js';
import { fitEscaped, truncate } from '../../../render/truncate.js';
import { escapeTeamsText, teamsLinkTarget } from './teams-escape.js';

/** Our bounds per field (code units, escapes included); the payload stays far under 28 KB. */
export const TEAMS_LIMITS = {
  title: 400,
  fact: 600,
  summary: 3000,
  excerpt: 600,
} as const;

export interface TeamsRenderOptions {
  /** Replaces the summary text block; values are Markdown-escaped. See docs/templates.md. */
  readonly template?: Template;
  readonly timeZone?: string;
  /** Upper bound of the serialised payload, in UTF-8 bytes (the summary shrinks to fit). */
  readonly maxPayloadBytes?: number;
}

export interface TeamsTextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly weight?: 'Bolder';
  readonly size?: 'Medium';
  readonly isSubtle?: true;
}

export interface TeamsFactSet {
  readonly type: 'FactSet';
  readonly facts: readonly { readonly title: string; readonly value: string }[];
}

export interface TeamsCard {
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly type: 'AdaptiveCard';
  readonly version: '1.4';
  readonly body: readonly (TeamsTextBlock | TeamsFactSet)[];
  readonly actions?: readonly { readonly type: 'Action.OpenUrl'; readonly title: string; readonly url: string }[];
}

/** What a Teams Workflows webhook takes: a message with one Adaptive Card attachment. */
export interface TeamsMessage {
  readonly type: 'message';
  readonly attachments: readonly [
    { readonly contentType: 'application/vnd.microsoft.card.adaptive'; readonly contentUrl: null; readonly content: TeamsCard },
  ];
}

/** UTF-8 size of the payload as sent. */
export function payloadBytes(message: TeamsMessage): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

/**
 * An Adaptive Card: the title linked to the article (http(s) links only), a fact set with source,
 * date, matched terms and watch, the summary, and an "open" button. Every feed string is
 * Markdown-escaped. Pure and synchronous.
 */
export function renderTeamsMessage(delivery: Delivery, options: TeamsRenderOptions = {}): TeamsMessage {
  const { item } = delivery;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const url = safeHttpUrl(item.link);
  const titleText = fitEscaped(item.title === '' ? 'Sans titre' : item.title, escapeTeamsText, TEAMS_LIMITS.title);
  const title = url === undefined ? titleText : `[${titleText}](${teamsLinkTarget(url)})`;
  const published = formatPublished(item.published, timeZone);
  const terms = delivery.terms.join(', ');
  const facts = [
    { title: 'Source', value: item.source },
    { title: 'Publié', value: published },
    { title: 'Termes', value: terms },
    { title: 'Veille', value: delivery.watch },
  ]
    .filter((fact) => fact.value.trim() !== '')
    .map((fact) => ({ title: fact.title, value: fitEscaped(fact.value, escapeTeamsText, TEAMS_LIMITS.fact) }));

  const summaryText = (room: number): string => {
    if (options.template === undefined) return fitEscaped(item.summary, escapeTeamsText, Math.min(room, TEAMS_LIMITS.excerpt));
    return fitTemplate(
      options.template,
      {
        title: titleText,
        link: url === undefined ? '' : teamsLinkTarget(url),
        source: fitEscaped(item.source, escapeTeamsText, TEAMS_LIMITS.fact),
        terms: fitEscaped(terms, escapeTeamsText, TEAMS_LIMITS.fact),
        published: escapeTeamsText(published),
        watch: fitEscaped(delivery.watch, escapeTeamsText, TEAMS_LIMITS.fact),
      },
      { raw: item.summary, escape: escapeTeamsText, maxLength: TEAMS_LIMITS.excerpt },
      room,
      // A cut escape would leave a lone backslash before the ellipsis: drop it.
      (markup, limit) => truncate(markup, limit).replace(/\\(?=…$)/, ''),
    );
  };

  const build = (summary: string): TeamsMessage => {
    const body: (TeamsTextBlock | TeamsFactSet)[] = [{ type: 'TextBlock', text: title, wrap: true, weight: 'Bolder', size: 'Medium' }];
    if (facts.length > 0) body.push({ type: 'FactSet', facts });
    if (summary.trim() !== '') body.push({ type: 'TextBlock', text: summary, wrap: true });
    const card: TeamsCard = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body,
      ...(url === undefined ? {} : { actions: [{ type: 'Action.OpenUrl', title: 'Lire l’article', url }] }),
    };
    return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
  };

  const maxBytes = options.maxPayloadBytes ?? Number.POSITIVE_INFINITY;
  // The summary gives way when the payload is too big (each code unit is at most 3 UTF-8 bytes
  // in JSON, or 6 as a \u escape: shrink by the excess and try again).
  let room: number = TEAMS_LIMITS.summary;
  let message = build(summaryText(room));
  for (let excess = payloadBytes(message) - maxBytes; excess > 0 && room > 0; excess = payloadBytes(message) - maxBytes) {
    room = Math.max(0, room - Math.ceil(excess / 3));
    message = build(room === 0 ? '' : summaryText(room));
  }
  return message;
}
