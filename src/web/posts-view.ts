import type { DeliveryRecord } from '../store/store.js';
import { feedText, html, safeHref, type Html } from './html.js';
import { formatTime, type Locale, type Messages } from './i18n.js';
import { postsHref, type PostsQuery } from './posts-query.js';

export interface PostsView {
  readonly query: PostsQuery;
  /** One more than a page is asked for: its presence means there is an older page. */
  readonly records: readonly DeliveryRecord[];
  readonly pageSize: number;
  readonly watches: readonly string[];
  /** Configured destinations: name and type only (never their URL or token). */
  readonly destinations: readonly { readonly name: string; readonly type: string }[];
  readonly timeZone: string;
  readonly redact: (text: string) => string;
}

/** The Posts page body (pure). */
export function postsBody(view: PostsView, locale: Locale, t: Messages): Html {
  const { query } = view;
  const time = (iso: string) => html`<time datetime="${iso}">${formatTime(iso, locale, view.timeZone)}</time>`;
  const types = new Map(view.destinations.map((destination) => [destination.name, destination.type]));
  const shown = view.records.slice(0, view.pageSize);
  const older = view.records.length > view.pageSize ? shown.at(-1)?.id : undefined;
  const option = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}"${selected === value ? html` selected` : ''}>${label}</option>`;
  const statusLabel = (status: DeliveryRecord['status']) =>
    status === 'delivered' ? t.statusDelivered : status === 'failed' ? t.statusFailed : t.statusPending;

  const form = html`<form class="filters" method="get" action="/posts">
<label>${t.filterWatch}<select name="watch">${option('', t.filterAll, query.watch ?? '')}${view.watches.map((watch) => option(watch, watch, query.watch))}</select></label>
<label>${t.filterDestination}<select name="destination">${option('', t.filterAll, query.destination ?? '')}${view.destinations.map((destination) => option(destination.name, `${destination.name} (${destination.type})`, query.destination))}</select></label>
<label>${t.filterStatus}<select name="status">${option('', t.filterAll, query.status ?? '')}${option('pending', t.statusPending, query.status)}${option('delivered', t.statusDelivered, query.status)}${option('failed', t.statusFailed, query.status)}</select></label>
<label>${t.filterDay}<input type="date" name="day" value="${query.day ?? ''}"></label>
<button type="submit">${t.filterApply}</button> <a href="/posts">${t.filterClear}</a>
</form>
${query.badDay === undefined ? '' : html`<p class="error">${t.badDay(query.badDay)}</p>`}`;

  const item = (record: DeliveryRecord) => {
    const title = record.item.title === '' ? t.untitled : feedText(record.item.title);
    const href = safeHref(record.item.link);
    return html`${href === undefined ? html`<span class="feed-text title">${title}</span>` : html`<a class="feed-text title" href="${href}" rel="noopener noreferrer nofollow">${title}</a>`}${
      href === undefined && record.item.link !== undefined ? html`<span class="url feed-text">${feedText(record.item.link)}</span>` : ''
    }${record.item.summary === '' ? '' : html`<span class="summary muted feed-text">${feedText(shorten(record.item.summary))}</span>`}`;
  };
  const rows = shown.map((record) => {
    const when = record.finishedAt ?? record.lastAttemptAt ?? record.enqueuedAt;
    const error =
      record.status === 'delivered' || record.lastError === undefined
        ? t.none
        : html`<span class="error feed-text">${feedText(view.redact(record.lastError))}</span>`;
    const retry = record.status === 'pending' && record.attempts > 0 ? html` <span class="muted">(${t.attempts(record.attempts)}, ${t.nextTry} ${time(record.nextAttemptAt)})</span>` : '';
    return html`<tr class="post" data-status="${record.status}">
<td data-label="${t.colTime}">${time(when)}</td>
<td data-label="${t.colStatus}" class="status-${record.status}">${statusLabel(record.status)}</td>
<td data-label="${t.colDestination}">${record.destination} <span class="muted">${types.get(record.destination) ?? ''}</span></td>
<td data-label="${t.colWatch}">${record.watch}</td>
<td data-label="${t.colTerms}" class="feed-text">${record.terms.join(', ')}</td>
<td data-label="${t.colSource}" class="feed-text">${feedText(record.source)}</td>
<td data-label="${t.colItem}">${item(record)}</td>
<td data-label="${t.colError}">${error}${retry}</td>
</tr>`;
  });
  const table =
    shown.length === 0
      ? html`<p class="empty">${t.noPosts}</p>`
      : html`<table class="cards posts">
<thead><tr><th>${t.colTime}</th><th>${t.colStatus}</th><th>${t.colDestination}</th><th>${t.colWatch}</th><th>${t.colTerms}</th><th>${t.colSource}</th><th>${t.colItem}</th><th>${t.colError}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  const pager = html`<nav class="pager">${query.beforeId === undefined ? '' : html`<a href="${postsHref(query)}">${t.newestPosts}</a>`}${
    older === undefined ? '' : html`<a rel="next" href="${postsHref(query, older)}">${t.olderPosts}</a>`
  }</nav>`;
  return html`${form}${table}${pager}`;
}

/** The first `SUMMARY_CHARS` characters of a summary (whole code points), with an ellipsis when cut. */
const SUMMARY_CHARS = 160;
function shorten(text: string): string {
  const chars = [...text];
  return chars.length <= SUMMARY_CHARS ? text : `${chars.slice(0, SUMMARY_CHARS - 1).join('')}…`;
}
