import { digestHeading, digestLineTime, type Digest, type DigestPart } from '../../../render/digest.js';
import { DEFAULT_TIME_ZONE } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import { truncate } from '../../../render/truncate.js';
import { escapeHtml, MATRIX_LIMITS, type MatrixMessage } from './matrix-message.js';

/** Our bound of an event's content (Matrix refuses events over 65,536 bytes, envelope included). */
export const MATRIX_DIGEST_MAX_BYTES = 48_000;

export interface MatrixDigestOptions {
  readonly timeZone?: string;
  readonly maxContentBytes?: number;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function notice(body: readonly string[], html: readonly string[]): MatrixMessage {
  return { msgtype: 'm.notice', body: body.join('\n'), format: 'org.matrix.custom.html', formatted_body: html.join(''), 'm.mentions': {} };
}

const bytes = (message: MatrixMessage) => Buffer.byteLength(JSON.stringify(message), 'utf8');

/**
 * A digest as `m.notice` events (pure): a plain `body` (heading, then per story its title, link and
 * one line per source with its time, and its article's link when the story has several) and a `formatted_body` where every feed string is HTML-escaped
 * (our markup only: `<p>`, `<strong>`, `<ul>`, `<li>`, `<br>`, `<a href>` to http(s)); one event, or
 * more when it would pass `maxContentBytes`. Nobody is mentioned.
 */
export function renderMatrixDigest(digest: Digest, options: MatrixDigestOptions = {}): DigestPart<MatrixMessage>[] {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const maxBytes = options.maxContentBytes ?? MATRIX_DIGEST_MAX_BYTES;
  const heading = truncate(oneLine(digestHeading(digest, timeZone)), MATRIX_LIMITS.title);
  const parts: DigestPart<MatrixMessage>[] = [];
  let body: string[] = [heading];
  let items: string[] = [];
  const html = (list: readonly string[]) => [...(parts.length === 0 ? [`<p><strong>${escapeHtml(heading)}</strong></p>`] : []), `<ul>${list.join('')}</ul>`];
  for (const story of digest.stories) {
    const lead = story.lines[0];
    if (lead === undefined) continue;
    const title = truncate(oneLine(lead.item.title) || 'Sans titre', MATRIX_LIMITS.title);
    const url = safeHttpUrl(lead.item.link);
    const several = story.lines.length > 1;
    const lines = story.lines.map((line) => ({
      text: truncate(`${oneLine(line.source)} · ${digestLineTime(line.item.published, digest.period, timeZone)}`, MATRIX_LIMITS.line),
      link: several ? safeHttpUrl(line.item.link) : undefined,
    }));
    const storyBody = [`- ${title}`, ...(url === undefined ? [] : [`  ${url}`]), ...lines.map((line) => `  ${line.text}${line.link === undefined ? '' : ` ${line.link}`}`)];
    const link = url === undefined ? escapeHtml(title) : `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>`;
    const lineHtml = (line: (typeof lines)[number]) => (line.link === undefined ? escapeHtml(line.text) : `<a href="${escapeHtml(line.link)}">${escapeHtml(line.text)}</a>`);
    const item = `<li><strong>${link}</strong>${lines.map((line) => `<br>${lineHtml(line)}`).join('')}</li>`;
    if (items.length > 0 && bytes(notice([...body, ...storyBody], html([...items, item]))) > maxBytes) {
      parts.push({ body: notice(body, html(items)), stories: items.length });
      body = [];
      items = [];
    }
    body.push(...storyBody);
    items.push(item);
  }
  if (items.length > 0) parts.push({ body: notice(body, html(items)), stories: items.length });
  return parts;
}
