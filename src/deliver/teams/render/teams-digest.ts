import { digestHeading, digestLineTime, fitLines, type Digest, type DigestPart } from '../../../render/digest.js';
import { DEFAULT_TIME_ZONE } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import { fitEscaped, truncate } from '../../../render/truncate.js';
import { escapeTeamsText, teamsLinkTarget } from './teams-escape.js';
import { payloadBytes, TEAMS_LIMITS, type TeamsCard, type TeamsMessage, type TeamsTextBlock } from './teams-card.js';

export interface TeamsDigestOptions {
  readonly timeZone?: string;
  /** Upper bound of each serialised payload, in UTF-8 bytes. */
  readonly maxPayloadBytes?: number;
}

function message(body: readonly TeamsTextBlock[]): TeamsMessage {
  const card: TeamsCard = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

/**
 * A digest as Adaptive Cards (pure): one card (a heading, then per story its linked title and one
 * subtle line per source with its time in `timeZone`, the source linked to its article when the
 * story has several), and another only when the payload would
 * pass `maxPayloadBytes`. Feed text is Markdown-escaped; links are http(s) only.
 */
export function renderTeamsDigest(digest: Digest, options: TeamsDigestOptions = {}): DigestPart<TeamsMessage>[] {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const maxBytes = options.maxPayloadBytes ?? Number.POSITIVE_INFINITY;
  const heading: TeamsTextBlock = {
    type: 'TextBlock', wrap: true, weight: 'Bolder', size: 'Medium',
    text: fitEscaped(digestHeading(digest, timeZone), escapeTeamsText, TEAMS_LIMITS.title),
  };
  const parts: DigestPart<TeamsMessage>[] = [];
  let blocks: TeamsTextBlock[] = [heading];
  let stories = 0;
  for (const story of digest.stories) {
    const lead = story.lines[0];
    if (lead === undefined) continue;
    const titleText = fitEscaped(lead.item.title === '' ? 'Sans titre' : lead.item.title, escapeTeamsText, TEAMS_LIMITS.title);
    const url = safeHttpUrl(lead.item.link);
    const several = story.lines.length > 1;
    const lines = story.lines.map((line) => {
      const link = several ? safeHttpUrl(line.item.link) : undefined;
      const label = link === undefined ? escapeTeamsText(line.source) : `[${escapeTeamsText(line.source)}](${teamsLinkTarget(link)})`;
      return `${label} · ${escapeTeamsText(digestLineTime(line.item.published, digest.period, timeZone))}`;
    });
    const storyBlocks: TeamsTextBlock[] = [
      { type: 'TextBlock', wrap: true, weight: 'Bolder', text: url === undefined ? titleText : `[${titleText}](${teamsLinkTarget(url)})` },
      { type: 'TextBlock', wrap: true, isSubtle: true, text: fitLines(lines, TEAMS_LIMITS.summary, '\n\n', (line, limit) => truncate(line, limit)) },
    ];
    if (stories > 0 && payloadBytes(message([...blocks, ...storyBlocks])) > maxBytes) {
      parts.push({ body: message(blocks), stories });
      blocks = [];
      stories = 0;
    }
    blocks.push(...storyBlocks);
    stories += 1;
  }
  if (stories > 0) parts.push({ body: message(blocks), stories });
  return parts;
}
