import { ELLIPSIS, truncate } from '../../../render/truncate.js';

const ZWSP = '\u200B';
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Plain text -> Slack text: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;` (Slack's documented
 * escapes), so `<!channel>`, `<!here>`, `<@U123>` or `<https://evil|x>` stay literal text; the bare
 * words `@channel`, `@here`, `@everyone` get a zero-width space in case a client auto-links them.
 */
export function escapeSlackText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)/gi, `@${ZWSP}$1`);
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/**
 * Plain text -> Slack mrkdwn that renders as the same text. On top of {@link escapeSlackText}:
 * Slack has no escape for `*`, `_`, `~` and `` ` ``, so where one of them could open or close a
 * span (next to a space, punctuation or the text's edge; `snake_case` is left alone) it is wrapped
 * in zero-width spaces, and a `&gt;` that starts a line gets one in front so that it is not read as
 * a quote. This is best effort for formatting only: links and mentions are already inert.
 */
export function escapeSlackMrkdwn(text: string): string {
  return escapeSlackText(text)
    .replace(/[*_~`]/g, (char, offset: number, whole: string) =>
      isWordChar(whole[offset - 1]) && isWordChar(whole[offset + 1]) ? char : `${ZWSP}${char}${ZWSP}`,
    )
    .replace(/^([ \t]*)&gt;/gm, `$1${ZWSP}&gt;`);
}

/**
 * A Slack link `<url|label>`. `url` must come from `safeHttpUrl` (http(s), no `|`, `<`, `>`);
 * its `&` are escaped as Slack requires, the label is escaped text.
 */
export function slackLink(url: string, label?: string): string {
  const target = url.replace(/&/g, '&amp;').replace(/[|<>]/g, encodeURIComponent);
  return label === undefined || label === '' ? `<${target}>` : `<${target}|${escapeSlackText(label)}>`;
}

/**
 * Cuts Slack mrkdwn to `limit` code units with an ellipsis, never leaving half an entity
 * (`&am`) or an unclosed `<link`.
 */
export function truncateSlackMrkdwn(mrkdwn: string, limit: number): string {
  const cut = truncate(mrkdwn, limit);
  if (cut === mrkdwn || !cut.endsWith(ELLIPSIS)) return cut;
  let body = cut.slice(0, -ELLIPSIS.length);
  body = body.replace(/&[a-z]*$/, '');
  if (body.lastIndexOf('<') > body.lastIndexOf('>')) body = body.slice(0, body.lastIndexOf('<'));
  return body.trimEnd() + ELLIPSIS;
}
