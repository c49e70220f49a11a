import type { APIEmbed } from 'discord.js';
import { digestHeading, digestLineTime, fitLines, type Digest, type DigestPart } from '../../../render/digest.js';
import { DEFAULT_TIME_ZONE } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import { fitEscaped } from '../../../render/truncate.js';
import { discordMaskedLink, escapeDiscordMarkdown, truncateDiscordMarkdown } from './discord-escape.js';
import { DEFAULT_DISCORD_COLOR, DISCORD_LIMITS, embedLength } from './discord-message.js';

/** Most embeds one Discord message takes. */
export const DISCORD_MAX_EMBEDS = 10;

/** A digest message: a title line (first message only) and one embed per story. */
export interface DiscordDigestMessage {
  content?: string;
  embeds: APIEmbed[];
  /** Always empty: no text in the message can ping anyone. */
  allowed_mentions: { parse: [] };
}

export interface DiscordDigestOptions {
  readonly timeZone?: string;
  readonly defaultColor?: number;
  readonly untitledLabel?: string;
}

/**
 * A digest as Discord messages (pure): one embed per story (title linked through the embed `url`,
 * one line per source with its time in `timeZone`, the source linked to its article when the story
 * has several), at most 10 embeds and 6000 embed characters
 * per message, so as few messages as those limits allow. Feed text is Markdown-escaped and mentions
 * are off.
 */
export function renderDiscordDigest(digest: Digest, options: DiscordDigestOptions = {}): DigestPart<DiscordDigestMessage>[] {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const color = digest.color ?? options.defaultColor ?? DEFAULT_DISCORD_COLOR;
  const parts: DigestPart<DiscordDigestMessage>[] = [];
  let embeds: APIEmbed[] = [];
  let total = 0;
  const flush = () => {
    if (embeds.length === 0) return;
    const body: DiscordDigestMessage = { embeds, allowed_mentions: { parse: [] } };
    if (parts.length === 0) {
      body.content = fitEscaped(digestHeading(digest, timeZone), escapeDiscordMarkdown, DISCORD_LIMITS.content);
    }
    parts.push({ body, stories: embeds.length });
    embeds = [];
    total = 0;
  };
  for (const story of digest.stories) {
    const lead = story.lines[0];
    if (lead === undefined) continue;
    const title = lead.item.title === '' ? (options.untitledLabel ?? 'Sans titre') : lead.item.title;
    const embed: APIEmbed = { title: fitEscaped(title, escapeDiscordMarkdown, DISCORD_LIMITS.title), color };
    const url = safeHttpUrl(lead.item.link);
    if (url !== undefined) embed.url = url;
    const several = story.lines.length > 1;
    const lines = story.lines.map((line) => {
      const link = several ? safeHttpUrl(line.item.link) : undefined;
      const label = link === undefined ? escapeDiscordMarkdown(line.source) : discordMaskedLink(link, line.source);
      return `${label} · ${digestLineTime(line.item.published, digest.period, timeZone)}`;
    });
    embed.description = fitLines(lines, 1_000, '\n', truncateDiscordMarkdown);
    const length = embedLength(embed);
    if (embeds.length >= DISCORD_MAX_EMBEDS || total + length > DISCORD_LIMITS.embedTotal) flush();
    embeds.push(embed);
    total += length;
  }
  flush();
  return parts;
}
