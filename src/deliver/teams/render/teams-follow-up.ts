import type { Delivery, StoryPost } from '../../destination.js';
import { DEFAULT_TIME_ZONE, formatPublished } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import { fitEscaped } from '../../../render/truncate.js';
import { escapeTeamsText, teamsLinkTarget } from './teams-escape.js';
import { TEAMS_LIMITS, type TeamsCard, type TeamsMessage, type TeamsTextBlock } from './teams-card.js';

export interface TeamsFollowUpOptions {
  readonly timeZone?: string;
}

/**
 * Later coverage of a story already posted in the channel (issue 14), as a compact Adaptive Card:
 * a Workflows webhook can neither reply nor edit, so the outlet gets a small card of its own that
 * says which post it follows: `Aussi chez LMI · 5 mars 2026 à 09:40` and `Suite de « first
 * headline » (LeMagIT)`, the headline linked, no facts and no summary. Feed text is escaped as in
 * `renderTeamsMessage`. Pure.
 */
export function renderTeamsFollowUp(delivery: Delivery, parent: StoryPost, options: TeamsFollowUpOptions = {}): TeamsMessage {
  const { item } = delivery;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const url = safeHttpUrl(item.link);
  const titleText = fitEscaped(item.title === '' ? 'Sans titre' : item.title, escapeTeamsText, TEAMS_LIMITS.title);
  const lead = parent.lead.item;
  const leadTitle = lead.title === '' ? 'Sans titre' : lead.title;
  const published = formatPublished(item.published, timeZone);
  const body: TeamsTextBlock[] = [
    { type: 'TextBlock', wrap: true, isSubtle: true, text: fitEscaped(`Aussi chez ${item.source}${published === '' ? '' : ` · ${published}`}`, escapeTeamsText, TEAMS_LIMITS.fact) },
    { type: 'TextBlock', wrap: true, weight: 'Bolder', text: url === undefined ? titleText : `[${titleText}](${teamsLinkTarget(url)})` },
    { type: 'TextBlock', wrap: true, isSubtle: true, text: fitEscaped(`Suite de « ${leadTitle} » (${lead.source})`, escapeTeamsText, TEAMS_LIMITS.title) },
  ];
  const card: TeamsCard = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}
