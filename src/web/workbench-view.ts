import { feedText, html, safeHref, type Html } from './html.js';
import { formatTime, type Locale, type Messages } from './i18n.js';
import type { RuleForm, WorkbenchItem, WorkbenchResult } from './workbench.js';

/** Items listed per section at most (the counts are complete). */
export const WORKBENCH_LIST_MAX = 100;

export interface WorkbenchView {
  readonly watches: readonly string[];
  readonly watch?: string;
  readonly ruleText: string;
  readonly form: RuleForm;
  readonly days: number;
  readonly maxDays: number;
  /** Absent when there is no rule to try yet. */
  readonly result?: WorkbenchResult;
  readonly timeZone: string;
}

/** The workbench page body (pure): a GET form, then the result in `#workbench-result`. */
export function workbenchBody(view: WorkbenchView, locale: Locale, t: Messages): Html {
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const form = html`<p class="muted">${t.workbenchIntro}</p>
<form class="rule workbench" method="get" action="/workbench">
<div class="row">
<label>${t.workbenchWatch}<select name="watch">${option('', t.workbenchNoWatch, view.watch === undefined)}${view.watches.map((watch) => option(watch, watch, watch === view.watch))}</select></label>
<label>${t.workbenchForm}<select name="form">${option('rule', t.workbenchFormRule, view.form === 'rule')}${option('list', t.workbenchFormList, view.form === 'list')}</select></label>
<label>${t.workbenchDays}<input type="number" name="days" min="1" max="${view.maxDays}" value="${view.days}"></label>
</div>
<label>${t.ruleLabel}<textarea name="rule" rows="5" spellcheck="false">${view.ruleText}</textarea></label>
<div><button type="submit">${t.workbenchRun}</button></div>
</form>`;
  return html`${form}
<section id="workbench-result" class="result" aria-live="polite">${view.result === undefined ? '' : resultBody(view.result, view, locale, t)}</section>`;
}

function resultBody(result: WorkbenchResult, view: WorkbenchView, locale: Locale, t: Messages): Html {
  if (!result.ok) {
    return html`<p class="error"><strong>${t.ruleError}</strong> (${t.ruleErrorAt(result.line, result.column)}): ${result.reason}</p>
<pre class="excerpt">${result.excerpt}
${result.caret}</pre>`;
  }
  const list = (items: readonly WorkbenchItem[], kind: string) => {
    if (items.length === 0) return html`<p class="muted">${t.workbenchNone}</p>`;
    const shown = items.slice(0, WORKBENCH_LIST_MAX);
    return html`<ul class="items ${kind}">${shown.map((item) => itemBody(item, view.timeZone, locale, t))}</ul>${
      items.length > shown.length ? html`<p class="muted">${t.workbenchMore(items.length - shown.length)}</p>` : ''
    }`;
  };
  const diff =
    result.diff === undefined
      ? ''
      : html`<h2 class="added">${t.workbenchAdded(result.diff.added.length)}</h2>${list(result.diff.added, 'added')}
<h2 class="removed">${t.workbenchRemoved(result.diff.removed.length)}</h2>${list(result.diff.removed, 'removed')}`;
  return html`<p class="ok">${t.ruleOk}</p>
<p>${t.ruleYaml}</p>
<pre class="yaml">${result.yaml}</pre>
<p class="muted scanned">${t.workbenchScanned(result.scanned, view.days)}</p>
${diff}
<h2 class="matches">${t.workbenchMatches(result.matches.length)}</h2>${list(result.matches, 'matches')}`;
}

function itemBody(item: WorkbenchItem, timeZone: string, locale: Locale, t: Messages): Html {
  const title = item.title === '' ? t.untitled : feedText(item.title);
  const href = safeHref(item.link);
  const head = href === undefined ? html`<span class="feed-text title">${title}</span>` : html`<a class="feed-text title" href="${href}" rel="noopener noreferrer nofollow">${title}</a>`;
  return html`<li class="item"><div>${head}</div>
<div class="muted"><span class="feed-text">${feedText(item.source)}</span> · <time datetime="${item.published}">${formatTime(item.published, locale, timeZone)}</time>${
    item.terms.length === 0 ? '' : html` · <span class="terms feed-text">${feedText(item.terms.join(', '))}</span>`
  }</div>
<ul class="reasons">${item.reasons.map((reason) => html`<li class="feed-text">${feedText(reason)}</li>`)}</ul></li>`;
}
