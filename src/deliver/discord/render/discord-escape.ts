import { ELLIPSIS, truncate } from '../../../render/truncate.js';

const ZWSP = '\u200B';

// Raw http(s) URLs: Discord's autolink rule consumes them before any Markdown rule applies, so
// they are left untouched (escaping inside would corrupt the link).
const URL_TOKEN = /https?:\/\/[^\s<]+/gi;
// Inline Markdown: bold/italic/underline/strike/code/spoiler, masked links `[text](url)`, and the
// backslash itself.
const INLINE_SPECIAL = /[\\*_~`|[\]]/g;
// Block Markdown, only at the start of a line: headings `#`, subtext `-#`, quotes `>`, lists
// `-`/`+`/`1.`.
const LINE_START_SPECIAL = /^([ \t]*)(?:([#>+-])|(\d+)\.)/gm;

/**
 * Neutralises mass and targeted mentions by putting a zero-width space inside them:
 * `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&role>`, `<#channel>`. Messages also carry
 * `allowed_mentions: { parse: [] }`; this only keeps the text from rendering as a mention.
 */
export function neutraliseDiscordMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<(?=[@#])/g, `<${ZWSP}`);
}

function escapeSegment(text: string): string {
  const inline = text.replace(INLINE_SPECIAL, '\\$&');
  const block = inline.replace(
    LINE_START_SPECIAL,
    (_match, indent: string, marker: string | undefined, digits: string | undefined) =>
      marker !== undefined ? `${indent}\\${marker}` : `${indent}${digits ?? ''}\\.`,
  );
  return neutraliseDiscordMentions(block);
}

/**
 * Plain text -> Discord Markdown that renders as the same text: inline specials are
 * backslash-escaped everywhere, block markers only at the start of a line (where Discord reads
 * them), mentions are neutralised, raw http(s) URLs are kept as they are.
 */
export function escapeDiscordMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_TOKEN)) {
    out += escapeSegment(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeSegment(text.slice(last));
}

/**
 * Cuts Discord Markdown to `limit` code units with an ellipsis, never leaving a dangling backslash
 * that would escape the ellipsis.
 */
export function truncateDiscordMarkdown(markdown: string, limit: number): string {
  const cut = truncate(markdown, limit);
  if (cut === markdown || !cut.endsWith(ELLIPSIS)) return cut;
  let body = cut.slice(0, -ELLIPSIS.length);
  const backslashes = /\\+$/.exec(body)?.[0].length ?? 0;
  if (backslashes % 2 === 1) body = body.slice(0, -1);
  return body.trimEnd() + ELLIPSIS;
}

/**
 * A masked link `[label](url)` (webhook and embed text render them). `url` must come from
 * `safeHttpUrl`; its parentheses and spaces are percent-encoded so it cannot end early, and the
 * label is escaped text.
 */
export function discordMaskedLink(url: string, label: string): string {
  const target = url.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
  return `[${escapeDiscordMarkdown(label)}](${target})`;
}
