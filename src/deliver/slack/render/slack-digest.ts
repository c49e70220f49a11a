import type { HeaderBlock, SectionBlock } from '@slack/web-api';
import { digestHeading, digestLineTime, fitLines, type Digest, type DigestPart } from '../../../render/digest.js';
import { DEFAULT_TIME_ZONE } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import { truncate } from '../../../render/truncate.js';
import { escapeSlackMrkdwn, escapeSlackText, slackLink, truncateSlackMrkdwn } from './slack-escape.js';
import { SLACK_LIMITS, type SlackMessage } from './slack-message.js';

export interface SlackDigestOptions {
  readonly timeZone?: string;
  readonly untitledLabel?: string;
}

/** Longest story title in a section. */
const TITLE_LENGTH = 256;

/**
 * A digest as Slack messages (pure): a header (first message), then one section per story (the
 * title as a `<url|title>` link, one line per source with its time in `timeZone`, the source
 * linked to its article when the story has several), at most 50
 * blocks per message. Feed text is escaped and sections are `verbatim` (no auto-linked mentions).
 */
export function renderSlackDigest(digest: Digest, options: SlackDigestOptions = {}): DigestPart<SlackMessage>[] {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const heading = digestHeading(digest, timeZone);
  const header: HeaderBlock = { type: 'header', text: { type: 'plain_text', text: truncate(heading, SLACK_LIMITS.headerText), emoji: false } };
  const sections: SectionBlock[] = digest.stories.flatMap((story): SectionBlock[] => {
    const lead = story.lines[0];
    if (lead === undefined) return [];
    const title = truncate(lead.item.title === '' ? (options.untitledLabel ?? 'Sans titre') : lead.item.title, TITLE_LENGTH);
    const url = safeHttpUrl(lead.item.link);
    const titleText = url === undefined ? `*${escapeSlackMrkdwn(title)}*` : `*${slackLink(url, title)}*`;
    const several = story.lines.length > 1;
    const lines = story.lines.map((line) => {
      const link = several ? safeHttpUrl(line.item.link) : undefined;
      const label = link === undefined ? escapeSlackMrkdwn(line.source) : slackLink(link, line.source);
      return `${label} · ${digestLineTime(line.item.published, digest.period, timeZone)}`;
    });
    return [{ type: 'section', text: { type: 'mrkdwn', text: fitLines([titleText, ...lines], SLACK_LIMITS.sectionText, '\n', truncateSlackMrkdwn), verbatim: true } }];
  });
  const parts: DigestPart<SlackMessage>[] = [];
  let start = 0;
  while (start < sections.length) {
    const room = SLACK_LIMITS.blocks - (parts.length === 0 ? 1 : 0);
    const chunk = sections.slice(start, start + room);
    const fallback = parts.length === 0 ? heading : `${heading} (suite)`;
    parts.push({ body: { text: truncate(escapeSlackText(fallback), SLACK_LIMITS.fallbackText), blocks: parts.length === 0 ? [header, ...chunk] : chunk }, stories: chunk.length });
    start += chunk.length;
  }
  return parts;
}
