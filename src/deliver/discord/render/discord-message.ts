import type { APIEmbed } from 'discord.js';
import type { Delivery } from '../../destination.js';
import { escapeDiscordMarkdown, neutraliseDiscordMentions, truncateDiscordMarkdown } from './discord-escape.js';
import { fitTemplate } from '../../../render/fit-template.js';
import { DEFAULT_TIME_ZONE, formatPublished } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import type { Template } from '../../../render/template.js';
import { fitEscaped, truncate } from '../../../render/truncate.js';

/** Discord's documented limits (characters; counted here in UTF-16 code units, see truncate.ts). */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Title + description + field names and values + footer text + author name, all embeds. */
  embedTotal: 6000,
} as const;

export const DEFAULT_DISCORD_COLOR = 0x2f6fde;
/** The excerpt is a teaser, not the article. */
export const DEFAULT_EXCERPT_LENGTH = 400;

export interface DiscordRenderOptions {
  /**
   * Replaces the embed description (the excerpt by default); the rest of the embed (linked title,
   * source, date, terms, watch) does not change. Values are Markdown-escaped, `{link}` is the bare
   * URL (Discord makes it clickable). See docs/templates.md.
   */
  readonly template?: Template;
  /** Time zone of `{published}` (the embed timestamp itself is shown in each reader's zone). */
  readonly timeZone?: string;
  /** Longest excerpt, in code units, ellipsis included. */
  readonly excerptMaxLength?: number;
  /** Colour when the delivery has none (0xRRGGBB). */
  readonly defaultColor?: number;
  /** Name of the field listing the matched terms. */
  readonly termsLabel?: string;
  /** Title used when the item has none. */
  readonly untitledLabel?: string;
}

/**
 * The body posted to `POST /webhooks/{id}/{token}` or `POST /channels/{id}/messages` (assignable to
 * discord.js's `RESTPostAPIWebhookWithTokenJSONBody` and `RESTPostAPIChannelMessageJSONBody`).
 */
export interface DiscordMessage {
  embeds: [APIEmbed];
  /** Always empty: no text in the message can ping anyone. */
  allowed_mentions: { parse: [] };
}

function isColor(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= 0xffffff;
}

function isoTimestamp(published: string): string | undefined {
  const date = new Date(published);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Total characters of an embed as Discord counts them against its 6000 limit. */
export function embedLength(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/**
 * One embed per item: title linked through the embed `url` (only http(s), never a Markdown link
 * built from feed text), source as author, publication time, plain-text excerpt as description,
 * matched terms as a field, watch name as footer, the watch's colour. Mentions are disabled with
 * `allowed_mentions: { parse: [] }` and neutralised in the text. Pure and synchronous.
 */
export function renderDiscordMessage(delivery: Delivery, options: DiscordRenderOptions = {}): DiscordMessage {
  const { item } = delivery;
  const excerptMaxLength = options.excerptMaxLength ?? DEFAULT_EXCERPT_LENGTH;
  const termsText = delivery.terms.join(', ');
  const url = safeHttpUrl(item.link);
  const timestamp = isoTimestamp(item.published);

  const embed: APIEmbed = {
    title: fitEscaped(item.title === '' ? (options.untitledLabel ?? 'Sans titre') : item.title, escapeDiscordMarkdown, DISCORD_LIMITS.title),
    color: isColor(delivery.color) ? delivery.color : isColor(options.defaultColor) ? options.defaultColor : DEFAULT_DISCORD_COLOR,
  };
  if (url !== undefined) embed.url = url;
  if (timestamp !== undefined) embed.timestamp = timestamp;
  const authorName = fitEscaped(item.source, neutraliseDiscordMentions, DISCORD_LIMITS.authorName);
  if (authorName.trim() !== '') embed.author = { name: authorName };
  if (termsText.trim() !== '') {
    embed.fields = [
      {
        name: truncate(options.termsLabel ?? 'Termes', DISCORD_LIMITS.fieldName),
        value: fitEscaped(termsText, escapeDiscordMarkdown, DISCORD_LIMITS.fieldValue),
        inline: false,
      },
    ];
  }
  const footerText = fitEscaped(delivery.watch, neutraliseDiscordMentions, DISCORD_LIMITS.footerText);
  if (footerText.trim() !== '') embed.footer = { text: footerText };

  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.embedTotal - embedLength(embed));
  const description =
    options.template === undefined
      ? fitEscaped(item.summary, escapeDiscordMarkdown, Math.min(excerptMaxLength, room))
      : fitTemplate(
          options.template,
          {
            title: fitEscaped(item.title, escapeDiscordMarkdown, DISCORD_LIMITS.title),
            link: url ?? '',
            source: fitEscaped(item.source, escapeDiscordMarkdown, DISCORD_LIMITS.authorName),
            terms: fitEscaped(termsText, escapeDiscordMarkdown, DISCORD_LIMITS.fieldValue),
            published: escapeDiscordMarkdown(formatPublished(item.published, options.timeZone ?? DEFAULT_TIME_ZONE)),
            watch: fitEscaped(delivery.watch, escapeDiscordMarkdown, DISCORD_LIMITS.title),
          },
          { raw: item.summary, escape: escapeDiscordMarkdown, maxLength: excerptMaxLength },
          room,
          truncateDiscordMarkdown,
        );
  if (description.trim() !== '') embed.description = description;

  return { embeds: [embed], allowed_mentions: { parse: [] } };
}
