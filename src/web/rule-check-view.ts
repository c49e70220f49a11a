import { html, type Html } from './html.js';
import type { Messages } from './i18n.js';
import type { RuleCheck } from './rule-check.js';

export interface RuleCheckView {
  readonly rule: string;
  readonly title: string;
  readonly summary: string;
  /** Absent until a rule is submitted. */
  readonly result?: RuleCheck;
}

/** The rule-check page body (pure). */
export function ruleCheckBody(view: RuleCheckView, t: Messages): Html {
  const { result } = view;
  let outcome: Html | string = '';
  if (result !== undefined && !result.ok) {
    outcome = html`<section class="result" aria-live="polite"><p class="error"><strong>${t.ruleError}</strong> (${t.ruleErrorAt(result.line, result.column)}): ${result.reason}</p>
<pre class="excerpt">${result.excerpt}
${result.caret}</pre></section>`;
  } else if (result !== undefined) {
    const sample =
      result.sample === undefined
        ? ''
        : html`<p class="${result.sample.matched ? 'ok' : 'muted'} sample">${result.sample.matched ? t.sampleMatched(result.sample.terms.join(', ')) : t.sampleNoMatch}</p>
<ul class="reasons">${result.sample.reasons.map((reason) => html`<li>${reason}</li>`)}</ul>`;
    outcome = html`<section class="result" aria-live="polite"><p class="ok">${t.ruleOk}</p>
<p>${t.ruleYaml}</p>
<pre class="yaml">${result.yaml}</pre>
${sample}</section>`;
  }
  return html`<p class="muted">${t.rulesIntro}</p>
<form class="rule" method="get" action="/rules">
<label>${t.ruleLabel}<textarea name="rule" rows="5" spellcheck="false" required>${view.rule}</textarea></label>
<label>${t.sampleTitle}<input type="text" name="title" value="${view.title}"></label>
<label>${t.sampleSummary}<input type="text" name="summary" value="${view.summary}"></label>
<div><button type="submit">${t.ruleCheck}</button></div>
</form>
${outcome}`;
}
