import type { VeilleConfig } from '../config/config-types.js';
import type { HttpHandler, HttpReply, HttpRequest } from '../http/http-server.js';
import type { Store } from '../store/store.js';
import type { Access } from './access.js';
import { APP_JS, STYLE_CSS } from './assets.js';
import { html } from './html.js';
import { messages, pickLocale } from './i18n.js';
import { htmlReply, page, SECURITY_HEADERS, type PageFrame } from './layout.js';
import { loginBody } from './login-view.js';
import { postsBody } from './posts-view.js';
import { deliveryFilter, POSTS_PAGE_SIZE, readPostsQuery } from './posts-query.js';
import { configSecrets, redactorOf } from './redact.js';
import { checkRuleText } from './rule-check.js';
import { ruleCheckBody } from './rule-check-view.js';
import { chartData, chartDayCount, chartDays } from './source-charts.js';
import { sourceRows } from './source-rows.js';
import { sourcesBody, type CycleBar } from './sources-view.js';
import { readWorkbenchQuery, ruleAsText, ruleFromText, runWorkbench } from './workbench.js';
import { workbenchBody } from './workbench-view.js';

export type WebConfig = Pick<VeilleConfig, 'sources' | 'watches' | 'destinations' | 'settings'>;

export interface WebDeps {
  /** The configuration now: `veille run` reloads it (a source or watch added shows up at the next request). */
  readonly config: () => WebConfig;
  readonly store: Pick<Store, 'listSources' | 'listDeliveries' | 'listSeenItems' | 'countNewItems' | 'listSourceReads'>;
  readonly access: Access;
  /** Durations of the last cycles, oldest first (from the health tracker). */
  readonly cycles: () => readonly CycleBar[];
  /** The clock of the workbench's window (default: the system clock). */
  readonly now?: () => Date;
}

export interface WebRoutes {
  readonly routes: ReadonlyMap<string, HttpHandler>;
  readonly postRoutes: ReadonlyMap<string, HttpHandler>;
}

/** Stored items the workbench reads at most (newest first). */
const WORKBENCH_ITEM_LIMIT = 20_000;

/** The longest rule or sample text the rule check reads from a query. */
const MAX_RULE_CHARS = 10_000;

/**
 * The read-only pages: `/` (to `/sources`), `/sources`, `/posts`, `/rules`, `/workbench`, sign-in (`/login`,
 * `/logout`, token mode only) and `/assets/*`. Every page goes through `access`.
 */
export function webRoutes(deps: WebDeps): WebRoutes {
  const { access } = deps;
  // Rebuilt when a reload brings another configuration, from the secrets of every configuration seen
  // since start: an error stored before a webhook or a source key was rotated may still quote the old one.
  let redaction: { readonly config: WebConfig; readonly redact: (text: string) => string } | undefined;
  const secretsSeen = new Set<string>();
  const live = () => {
    const config = deps.config();
    if (redaction?.config !== config) redaction = { config, redact: redactorOf(configSecrets(config, secretsSeen)) };
    return { config, redact: redaction.redact, timeZone: config.settings.timezone };
  };
  const frame = (request: HttpRequest): PageFrame => {
    const locale = pickLocale(request.headers['accept-language']);
    return { locale, t: messages(locale), signedIn: access.mode === 'token' };
  };

  /** Runs `render` when the request may see pages; otherwise the login form (401) or a refusal (403). */
  const guarded =
    (render: (request: HttpRequest, frame: PageFrame) => Promise<HttpReply>): HttpHandler =>
    async (request) => {
      const current = frame(request);
      if (access.allowsPage(request)) return render(request, current);
      const { t } = current;
      if (access.mode === 'token') {
        const next = `${request.url.pathname}${request.url.search}`;
        return htmlReply(401, page({ ...current, signedIn: false }, 'none', t.loginTitle, loginBody(t, next, false)), {
          'www-authenticate': 'Bearer realm="veille"',
        });
      }
      return htmlReply(403, page({ ...current, signedIn: false }, 'none', t.appName, html`<p class="error">${t.loopbackOnly}</p>`));
    };

  const sources = guarded(async (_request, current) => {
    const { config, redact, timeZone } = live();
    const { days, bounds } = chartDays((deps.now?.() ?? new Date()).getTime(), chartDayCount(config.settings.retentionMs), timeZone);
    const [records, counts, reads] = await Promise.all([deps.store.listSources(), deps.store.countNewItems(bounds), deps.store.listSourceReads(bounds[0] ?? new Date(0).toISOString())]);
    const rows = sourceRows(config.sources, records, config.settings);
    const body = sourcesBody({ rows, cycles: deps.cycles(), days, ...chartData(days.length, counts, reads), timeZone, redact }, current.locale, current.t);
    return htmlReply(200, page(current, 'sources', current.t.sourcesTitle, body));
  });

  const posts = guarded(async (request, current) => {
    const { config, redact, timeZone } = live();
    const query = readPostsQuery(request.url.searchParams);
    const records = await deps.store.listDeliveries(deliveryFilter(query, POSTS_PAGE_SIZE + 1, timeZone));
    const body = postsBody(
      {
        query,
        records,
        pageSize: POSTS_PAGE_SIZE,
        watches: config.watches.map((watch) => watch.name),
        destinations: config.destinations.map((destination) => ({ name: destination.name, type: destination.type })),
        timeZone,
        redact,
      },
      current.locale,
      current.t,
    );
    return htmlReply(200, page(current, 'posts', current.t.postsTitle, body));
  });

  const rules = guarded(async (request, current) => {
    const param = (name: string) => (request.url.searchParams.get(name) ?? '').slice(0, MAX_RULE_CHARS);
    const rule = param('rule');
    const title = param('title');
    const summary = param('summary');
    const view = { rule, title, summary, ...(rule.trim() === '' ? {} : { result: checkRuleText(rule, { title, summary }) }) };
    return htmlReply(200, page(current, 'rules', current.t.rulesTitle, ruleCheckBody(view, current.t)));
  });

  const workbench = guarded(async (request, current) => {
    const { config, timeZone } = live();
    const maxDays = Math.max(1, Math.floor(config.settings.retentionMs / 86_400_000));
    const query = readWorkbenchQuery(request.url.searchParams, config.watches.map((watch) => watch.name), maxDays);
    const watch = config.watches.find((candidate) => candidate.name === query.watch);
    // A watch picked without a rule (not sent yet, or emptied): start from its current rule.
    const start = (query.rule ?? '').trim() === '' && watch !== undefined ? ruleAsText(watch.rule) : { text: query.rule ?? '', form: query.form };
    let result;
    if (start.text.trim() !== '') {
      const since = new Date((deps.now?.() ?? new Date()).getTime() - query.days * 86_400_000).toISOString();
      const items = await deps.store.listSeenItems({ since, limit: WORKBENCH_ITEM_LIMIT });
      result = runWorkbench(ruleFromText(start.text, start.form), items, watch);
    }
    const view = {
      watches: config.watches.map((candidate) => candidate.name),
      ...(watch === undefined ? {} : { watch: watch.name }),
      ruleText: start.text,
      form: start.form,
      days: query.days,
      maxDays,
      ...(result === undefined ? {} : { result }),
      timeZone,
    };
    return htmlReply(200, page(current, 'workbench', current.t.workbenchTitle, workbenchBody(view, current.locale, current.t)));
  });

  const redirect = (location: string, headers: Readonly<Record<string, string>> = {}): HttpReply => ({
    status: 303,
    contentType: 'text/plain; charset=utf-8',
    body: `see ${location}\n`,
    headers: { ...SECURITY_HEADERS, location, ...headers },
  });
  const asset = (contentType: string, body: string): HttpHandler => async () => ({ status: 200, contentType, body, headers: SECURITY_HEADERS });

  const loginForm: HttpHandler = async (request) => {
    if (access.mode !== 'token') return redirect('/sources');
    const current = frame(request);
    const next = safeNext(request.url.searchParams.get('next'));
    return htmlReply(200, page({ ...current, signedIn: false }, 'none', current.t.loginTitle, loginBody(current.t, next, false)));
  };
  const login: HttpHandler = async (request) => {
    if (access.mode !== 'token') return redirect('/sources');
    const form = new URLSearchParams(await request.body());
    const next = safeNext(form.get('next'));
    if (access.checkToken(form.get('token') ?? '')) return redirect(next, { 'set-cookie': access.sessionCookie() });
    const current = frame(request);
    return htmlReply(401, page({ ...current, signedIn: false }, 'none', current.t.loginTitle, loginBody(current.t, next, true)));
  };
  const logout: HttpHandler = async () => redirect(access.mode === 'token' ? '/login' : '/sources', { 'set-cookie': access.clearCookie() });

  return {
    routes: new Map<string, HttpHandler>([
      ['/', async () => redirect('/sources')],
      ['/sources', sources],
      ['/posts', posts],
      ['/rules', rules],
      ['/workbench', workbench],
      ['/login', loginForm],
      ['/assets/style.css', asset('text/css; charset=utf-8', STYLE_CSS)],
      ['/assets/app.js', asset('text/javascript; charset=utf-8', APP_JS)],
    ]),
    postRoutes: new Map<string, HttpHandler>([
      ['/login', login],
      ['/logout', logout],
    ]),
  };
}

/** `/metrics` behind the access rule for it (401 without the token when it is not public). */
export function guardMetrics(handler: HttpHandler, access: Access): HttpHandler {
  return async (request) =>
    access.allowsMetrics(request)
      ? handler(request)
      : { status: 401, contentType: 'text/plain; charset=utf-8', body: 'unauthorized: send Authorization: Bearer $VEILLE_HTTP_TOKEN\n', headers: { 'www-authenticate': 'Bearer realm="veille"' } };
}

/** A local path to go back to after signing in (never another site: `//host` and `/\host` are refused). */
function safeNext(next: string | null): string {
  const printable = next !== null && /^[\x21-\x7e]+$/.test(next);
  return printable && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/sources';
}
