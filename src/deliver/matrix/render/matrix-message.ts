import type { Delivery } from '../../destination.js';
import { DEFAULT_TIME_ZONE, formatPublished } from '../../../render/format-date.js';
import { safeHttpUrl } from '../../../render/safe-url.js';
import { truncate } from '../../../render/truncate.js';

/** Our bounds per field (code units); an event must stay under 65,536 bytes. */
export const MATRIX_LIMITS = { title: 400, line: 600, excerpt: 1000 } as const;

export interface MatrixRenderOptions {
  readonly timeZone?: string;
}

/** The content of an `m.room.message` event. */
export interface MatrixMessage {
  readonly msgtype: 'm.notice';
  readonly body: string;
  readonly format: 'org.matrix.custom.html';
  readonly formatted_body: string;
  /** Empty: nobody is mentioned, whatever the text says (`@room`, user ids). */
  readonly 'm.mentions': Record<string, never>;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value: every `& < > " '` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * An `m.notice` (bots' messages; clients do not notify for them by default): a plain `body`, and
 * a `formatted_body` in the HTML subset Matrix allows where every feed string is HTML-escaped
 * (the only markup is ours: `<p>`, `<strong>`, `<a href>` to an http(s) URL). Pure.
 */
export function renderMatrixMessage(delivery: Delivery, options: MatrixRenderOptions = {}): MatrixMessage {
  const { item } = delivery;
  const url = safeHttpUrl(item.link);
  const title = truncate(oneLine(item.title) || 'Sans titre', MATRIX_LIMITS.title);
  const published = formatPublished(item.published, options.timeZone ?? DEFAULT_TIME_ZONE);
  const origin = truncate([oneLine(item.source), published].filter((part) => part !== '').join(' · '), MATRIX_LIMITS.line);
  const terms = delivery.terms.length === 0 ? '' : truncate(`Termes : ${oneLine(delivery.terms.join(', '))}`, MATRIX_LIMITS.line);
  const watch = truncate(`Veille : ${oneLine(delivery.watch)}`, MATRIX_LIMITS.line);
  const excerpt = truncate(oneLine(item.summary), MATRIX_LIMITS.excerpt);

  const body = [title, url ?? '', origin, terms, watch, excerpt].filter((line) => line !== '').join('\n');
  const heading = url === undefined ? escapeHtml(title) : `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>`;
  const paragraphs = [`<strong>${heading}</strong>`, ...[origin, [terms, watch].filter((t) => t !== '').join(' — '), excerpt].filter((t) => t !== '').map(escapeHtml)];
  return {
    msgtype: 'm.notice',
    body,
    format: 'org.matrix.custom.html',
    formatted_body: paragraphs.map((p) => `<p>${p}</p>`).join(''),
    'm.mentions': {},
  };
}
