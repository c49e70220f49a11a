import { html, type Html } from './html.js';
import type { Messages } from './i18n.js';

/** The sign-in form (token mode): posts the token once, gets an HttpOnly session cookie back. */
export function loginBody(t: Messages, next: string, wrong: boolean): Html {
  return html`<form class="login" method="post" action="/login">
<p>${t.loginIntro}</p>
${wrong ? html`<p class="error" role="alert">${t.loginWrong}</p>` : ''}
<input type="hidden" name="next" value="${next}">
<input type="text" name="username" value="veille" autocomplete="username" hidden>
<label>${t.loginToken} <input type="password" name="token" autocomplete="current-password" required autofocus></label>
<div><button type="submit">${t.loginSubmit}</button></div>
</form>`;
}
