import type { HttpReply } from '../http/http-server.js';
import { html, type Html } from './html.js';
import type { Locale, Messages } from './i18n.js';

/** Sent with every page and asset: no inline script or style, nothing from elsewhere, no framing. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export type Section = 'sources' | 'posts' | 'rules' | 'workbench' | 'none';

export interface PageFrame {
  readonly locale: Locale;
  readonly t: Messages;
  /** Show the sign-out button (token mode). */
  readonly signedIn: boolean;
}

export function page(frame: PageFrame, section: Section, title: string, body: Html): Html {
  const { t } = frame;
  const link = (target: Section, href: string, label: string) =>
    html`<a href="${href}"${section === target ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="${frame.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · ${t.appName}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<header>
<span class="brand">${t.appName}</span>
<nav>${link('sources', '/sources', t.navSources)} ${link('posts', '/posts', t.navPosts)} ${link('rules', '/rules', t.navRules)} ${link('workbench', '/workbench', t.navWorkbench)}</nav>
${frame.signedIn ? html`<form method="post" action="/logout"><button type="submit">${t.logout}</button></form>` : ''}
</header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

export function htmlReply(status: number, body: Html, headers: Readonly<Record<string, string>> = {}): HttpReply {
  return { status, contentType: 'text/html; charset=utf-8', body: body.toString(), headers: { ...SECURITY_HEADERS, ...headers } };
}
