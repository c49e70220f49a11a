import type { APIEmbed } from 'discord.js';
import type { StoryPost } from '../../destination.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import { escapeDiscordMarkdown } from './discord-escape.js';
import { DISCORD_LIMITS, embedLength, renderDiscordMessage, type DiscordMessage, type DiscordRenderOptions } from './discord-message.js';

/** Name of the field listing the other outlets of a story. */
export const ALSO_LABEL = 'Aussi chez';

/**
 * A story's first message as it is edited when later coverage attaches (issue 14): the first item's
 * embed as posted, plus a field listing the other outlets, each a link to its article (`[ZDNet](url)`,
 * the outlet name escaped, the URL an http(s) one with its parentheses encoded). What does not fit
 * the field (1024) or the embed total (6000) ends in a `+N autres` line. Pure.
 */
export function renderDiscordStoryEdit(post: StoryPost, options: DiscordRenderOptions = {}): DiscordMessage {
  const message = renderDiscordMessage({ item: post.lead.item, watch: post.lead.watch, terms: post.lead.terms, ...(post.lead.color === undefined ? {} : { color: post.lead.color }) }, options);
  const embed: APIEmbed = message.embeds[0];
  const room = Math.min(DISCORD_LIMITS.fieldValue, DISCORD_LIMITS.embedTotal - embedLength(embed) - ALSO_LABEL.length);
  const value = outletLines(post.also, room);
  if (value === '') return message;
  return { ...message, embeds: [{ ...embed, fields: [...(embed.fields ?? []), { name: ALSO_LABEL, value, inline: false }] }] };
}

/** One line per outlet while they fit in `room` characters, then `+N autres` for the rest. */
export function outletLines(outlets: StoryPost['also'], room: number): string {
  const lines = outlets.map((outlet) => {
    const name = escapeDiscordMarkdown(outlet.source.trim() === '' ? 'source' : outlet.source).slice(0, 80);
    const url = safeHttpUrl(outlet.link);
    return url === undefined ? name : `[${name}](${url.replaceAll('(', '%28').replaceAll(')', '%29').replaceAll(' ', '%20')})`;
  });
  const all = lines.join('\n');
  if (all.length <= room) return all;
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const rest = lines.length - index - 1;
    // Keep room for the "+N autres" line whenever lines remain after this one.
    const reserve = rest > 0 ? `\n+${rest} autres`.length : 0;
    const cost = (kept.length > 0 ? 1 : 0) + line.length;
    if (used + cost + reserve > room) break;
    kept.push(line);
    used += cost;
  }
  const more = lines.length - kept.length;
  const tail = more > 0 ? `+${more} autres` : '';
  const text = [...kept, ...(tail === '' ? [] : [tail])].join('\n');
  return text.length <= room ? text : '';
}
