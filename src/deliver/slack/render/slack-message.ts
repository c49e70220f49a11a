import type { ContextBlock, HeaderBlock, MrkdwnElement, SectionBlock } from '@slack/web-api';
import type { Delivery } from '../../destination.js';
import { fitTemplate } from '../../../render/fit-template.js';
import { DEFAULT_TIME_ZONE, formatPublished } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import { escapeSlackMrkdwn, escapeSlackText, slackLink, truncateSlackMrkdwn } from './slack-escape.js';
import type { Template } from '../../../render/template.js';
import { fitEscaped, truncate } from '../../../render/truncate.js';

/** Slack's documented limits (characters; counted here in UTF-16 code units, see truncate.ts). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  contextElements: 10,
  contextText: 3000,
  /** Our own bound for the notification fallback (Slack truncates `text` far beyond this). */
  fallbackText: 500,
} as const;

export const DEFAULT_SLACK_EXCERPT_LENGTH = 400;
/** Longest title in the fallback text and in `{title}`. */
const TITLE_LENGTH = 256;
const TERMS_LENGTH = 1000;

export interface SlackRenderOptions {
  /**
   * Replaces the section text (excerpt + link by default); header and context stay. Values are
   * mrkdwn-escaped, `{link}` is `<url>`. See docs/templates.md.
   */
  readonly template?: Template;
  /** Time zone of the publication time shown in the context line and in `{published}`. */
  readonly timeZone?: string;
  /** Longest excerpt, in code units, ellipsis included. */
  readonly excerptMaxLength?: number;
  /** Text of the link to the article. */
  readonly linkLabel?: string;
  /** Label before the matched terms. */
  readonly termsLabel?: string;
  /** Header used when the item has no title. */
  readonly untitledLabel?: string;
}

export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock;

/** Arguments of `chat.postMessage` / an incoming webhook, without the channel. */
export interface SlackMessage {
  /** Notification / accessibility fallback (mrkdwn-escaped). */
  text: string;
  blocks: SlackBlock[];
}

function mrkdwn(text: string): MrkdwnElement {
  // verbatim: Slack does not auto-link URLs, channel names or mentions in feed text.
  return { type: 'mrkdwn', text, verbatim: true };
}

/**
 * Block Kit message: a header with the title (plain text, so nothing in it is parsed), a section
 * with the mrkdwn-escaped excerpt and a `<url|label>` link (http(s) only), a context line with
 * source, publication time and matched terms, and an escaped `text` fallback for notifications.
 * Pure and synchronous.
 */
export function renderSlackMessage(delivery: Delivery, options: SlackRenderOptions = {}): SlackMessage {
  const { item } = delivery;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const excerptMaxLength = options.excerptMaxLength ?? DEFAULT_SLACK_EXCERPT_LENGTH;
  const url = safeHttpUrl(item.link);
  const title = item.title === '' ? (options.untitledLabel ?? 'Sans titre') : item.title;
  const published = formatPublished(item.published, timeZone);
  const termsText = delivery.terms.join(', ');

  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.headerText), emoji: false } },
  ];

  let sectionText: string;
  if (options.template === undefined) {
    const link = url === undefined ? '' : slackLink(url, options.linkLabel ?? 'Lire l’article');
    const room = SLACK_LIMITS.sectionText - (link === '' ? 0 : link.length + 1);
    const excerpt = fitEscaped(item.summary, escapeSlackMrkdwn, Math.max(0, Math.min(excerptMaxLength, room)));
    sectionText = [excerpt, link].filter((line) => line.trim() !== '').join('\n');
  } else {
    sectionText = fitTemplate(
      options.template,
      {
        title: fitEscaped(item.title, escapeSlackMrkdwn, TITLE_LENGTH),
        link: url === undefined ? '' : slackLink(url),
        source: fitEscaped(item.source, escapeSlackMrkdwn, TITLE_LENGTH),
        terms: fitEscaped(termsText, escapeSlackMrkdwn, TERMS_LENGTH),
        published: escapeSlackMrkdwn(published),
        watch: fitEscaped(delivery.watch, escapeSlackMrkdwn, TITLE_LENGTH),
      },
      { raw: item.summary, escape: escapeSlackMrkdwn, maxLength: excerptMaxLength },
      SLACK_LIMITS.sectionText,
      truncateSlackMrkdwn,
    );
  }
  if (sectionText.trim() !== '') blocks.push({ type: 'section', text: mrkdwn(sectionText) });

  const context: MrkdwnElement[] = [];
  const source = fitEscaped(item.source, escapeSlackMrkdwn, TITLE_LENGTH);
  if (source.trim() !== '') context.push(mrkdwn(source));
  if (published !== '') context.push(mrkdwn(escapeSlackMrkdwn(published)));
  if (termsText.trim() !== '') {
    const label = `${escapeSlackMrkdwn(options.termsLabel ?? 'Termes')}\u00A0: `;
    context.push(mrkdwn(label + fitEscaped(termsText, escapeSlackMrkdwn, TERMS_LENGTH)));
  }
  if (context.length > 0) blocks.push({ type: 'context', elements: context });

  const fallbackSource = item.source === '' ? '' : ` — ${item.source}`;
  const text = fitEscaped(title + fallbackSource, escapeSlackText, SLACK_LIMITS.fallbackText);
  return { text, blocks };
}
