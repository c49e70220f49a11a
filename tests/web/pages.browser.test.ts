import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { zonedDay } from '../../src/web/zoned-day.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEAD_SLACK, HOSTILE, MISSING_WEBHOOK, startLiveVeille, WEBHOOK, type LiveVeille } from './live-veille.js';

/**
 * The pages in Debian's Chromium, against a real `veille run` whose first cycle read a working and a
 * failing feed and posted to a working, a deleted and an unreachable destination. Screenshots go
 * to test-artifacts/ (git-ignored).
 */
let browser: TestBrowser;
let live: LiveVeille;
// One state for the whole file (useTempDirs would remove it after the first test, under the running veille).
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'veille-web-'));
  browser = await launchBrowser();
  live = await startLiveVeille(root);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await live?.stop();
  await rm(root, { recursive: true, force: true });
}, 60_000);

/** Rows of a table as the person reads them: one array of cell texts per row. */
async function rowTexts(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim().replace(/\s+/g, ' '))));
}

/** Every link's target: only http(s) or this site's own paths. */
async function hrefs(page: Page): Promise<string[]> {
  return page.$$eval('a[href]', (links) => links.map((link) => link.getAttribute('href') ?? ''));
}

const SECRETS = [WEBHOOK.token, MISSING_WEBHOOK.token, 'slack-secret-xyz', DEAD_SLACK];

describe('web pages in a real browser', () => {
  it('Sources: one row per source, the failing one first with its error; security headers; in English', async () => {
    const { page, events } = await browser.page({ locale: 'en-US' });
    const response = await page.goto(`${live.url}/sources`);
    expect(response?.status()).toBe(200);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(await page.title()).toBe('Sources · veille');
    expect(await page.textContent('h1')).toBe('Sources');
    expect(await page.textContent('p.summary')).toBe('2 sources, 1 failing');
    const rows = await rowTexts(page, 'table.sources');
    expect(rows.map((row) => [row[0]?.split('http')[0], row[1], row[4]])).toEqual([
      ['Broken', 'failing ×1', '0'],
      ['Actu', 'ok', '4'],
    ]);
    expect(rows[0]?.[3]).toMatch(/^http-status: HTTP 500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/broken\.xml \(.+\)$/);
    expect(rows[1]?.[2]).not.toBe('never');
    expect(rows[0]?.[2]).toBe('never');
    // The stylesheet applied (served from /assets, allowed by the CSP): the failing health is red and bold.
    expect(await page.evaluate('getComputedStyle(document.querySelector("td.health-failing")).fontWeight')).toBe('600');
    expect(await page.textContent('figure.chart figcaption')).toMatch(/^Last cycles \(duration\): 1 cycles, longest \d+\.\d\d s$/);
    const html = await page.content();
    for (const secret of SECRETS) expect(html).not.toContain(secret);
    await browser.screenshot(page, 'sources-desktop-en');
    expect(events).toEqual([]);
  });

  it('Sources in French (Accept-Language)', async () => {
    const { page } = await browser.page({ locale: 'fr-FR' });
    await page.goto(`${live.url}/sources`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('p.summary')).toBe('2 sources, 1 en échec');
    expect((await rowTexts(page, 'table.sources')).map((row) => row[1])).toEqual(['en échec ×1', 'ok']);
    expect(await page.textContent('nav')).toBe('Sources Publications Tester une règle Atelier');
    await browser.screenshot(page, 'sources-desktop-fr');
  });

  it('Posts: what went where, newest first, with watch, terms, source and the last error; hostile text stays text', async () => {
    const { page, events } = await browser.page({ locale: 'en-US' });
    await page.goto(`${live.url}/posts`);
    const rows = await rowTexts(page, 'table.posts');
    expect(rows).toHaveLength(10);
    const byStatus = (status: string) => rows.filter((row) => row[1] === status).map((row) => `${row[2]?.split(' ')[0]}/${row[3]}`);
    expect(byStatus('sent').sort()).toEqual(['discord/ai', 'discord/cloud', 'discord/cloud', 'discord/cloud']);
    expect(byStatus('pending').sort()).toEqual(['gone/cloud', 'gone/cloud', 'gone/cloud', 'slack/cloud', 'slack/cloud', 'slack/cloud']);
    for (const row of rows) {
      expect(row[5]).toBe('Actu');
      expect(row[4]).toBe(row[3] === 'ai' ? 'Mistral' : 'Huawei');
    }
    // Newest first: ids descend down the page.
    const slackRetry = rows.find((row) => row[2] === 'slack slack-webhook' && row[7] !== '—');
    expect(slackRetry?.[7]).toMatch(/^Slack webhook "slack": network error: bad port \(3 attempts, next try .+\)$/);
    expect(await page.textContent('tbody tr:first-child td[data-label="Destination"]')).toBe('slack slack-webhook');

    // The hostile item: its title is shown as the text it is, no element was made from it.
    const hostile = page.locator('.title', { hasText: 'alert(1)' }).first();
    expect(await hostile.textContent()).toBe(`Huawei ${HOSTILE.script} ${HOSTILE.img} [U+202E]gnp.exe`);
    expect(await hostile.evaluate((element) => element.tagName)).toBe('SPAN'); // its javascript: link is not a link
    expect(await page.locator('.summary', { hasText: 'javascript:' }).first().textContent()).toBe(`Huawei ${HOSTILE.js} <script>alert(2)</script>`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.$$eval('script', (scripts) => scripts.map((script) => script.getAttribute('src')))).toEqual(['/assets/app.js']);
    const links = await hrefs(page);
    expect(links.filter((href) => !/^(https?:\/\/|\/)/.test(href))).toEqual([]);
    expect(links).toContain('https://news.example/q?a=%22%3E%3Cscript%3Ealert(3)%3C/script%3E');
    expect(await page.textContent('body')).not.toContain('\u202E');
    await page.waitForTimeout(300); // a script that slipped through would have run by now
    expect(events).toEqual([]);
    const html = await page.content();
    for (const secret of SECRETS) expect(html).not.toContain(secret);
    await browser.screenshot(page, 'posts-desktop-en');
  });

  it('Posts: filters are GET parameters and work without JavaScript', async () => {
    const { page, events } = await browser.page({ locale: 'en-US', javaScriptEnabled: false });
    await page.goto(`${live.url}/posts`);
    await page.selectOption('select[name="watch"]', 'cloud');
    await page.selectOption('select[name="destination"]', 'discord');
    await Promise.all([page.waitForURL(/\/posts\?/), page.click('form.filters button[type="submit"]')]);
    expect(new URL(page.url()).search).toBe('?watch=cloud&destination=discord&status=&day=');
    const rows = await rowTexts(page, 'table.posts');
    expect(rows.map((row) => [row[1], row[2], row[3]])).toEqual([
      ['sent', 'discord discord-webhook', 'cloud'],
      ['sent', 'discord discord-webhook', 'cloud'],
      ['sent', 'discord discord-webhook', 'cloud'],
    ]);
    expect(await page.inputValue('select[name="watch"]')).toBe('cloud');
    // Today (in settings.timezone, Europe/Paris by default) has them all; another day has none.
    const today = zonedDay(Date.now(), 'Europe/Paris');
    await page.goto(`${live.url}/posts?watch=ai&day=${today}`);
    expect((await rowTexts(page, 'table.posts')).map((row) => row[3])).toEqual(['ai']);
    await page.goto(`${live.url}/posts?day=2001-01-01`);
    expect(await page.textContent('p.empty')).toBe('Nothing matches these filters.');
    await browser.screenshot(page, 'posts-filtered-no-js');
    expect(events).toEqual([]);
  });

  it('Posts: with JavaScript, a filter applies as soon as a select changes', async () => {
    const { page, events } = await browser.page({ locale: 'en-US' });
    await page.goto(`${live.url}/posts`);
    await Promise.all([page.waitForURL(/status=pending/), page.selectOption('select[name="status"]', 'pending')]);
    const rows = await rowTexts(page, 'table.posts');
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((row) => row[1]))).toEqual(new Set(['pending']));
    expect(events).toEqual([]);
  });

  it('a phone-sized viewport: rows become cards, nothing scrolls sideways', async () => {
    const { page, events } = await browser.page({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    for (const path of ['/sources', '/posts']) {
      await page.goto(`${live.url}${path}`);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      expect(await page.locator('thead').isVisible()).toBe(false);
      // Each cell is labelled (the header row is hidden), and a card is as wide as the screen.
      const firstCard = await page.locator('tbody tr').first().boundingBox();
      expect(firstCard?.width).toBeGreaterThan(300);
      expect(firstCard?.width).toBeLessThanOrEqual(390);
      await browser.screenshot(page, `phone${path.replace('/', '-')}-fr`);
    }
    expect(await page.getAttribute('meta[name="viewport"]', 'content')).toBe('width=device-width, initial-scale=1');
    expect(events).toEqual([]);
  });

  it('Rule check: a syntax error with its place, then a valid rule gives the YAML back and tries it on a title', async () => {
    const { page, events } = await browser.page({ locale: 'en-US' });
    await page.goto(`${live.url}/rules`);
    await page.fill('textarea[name="rule"]', 'huawei AND (cloud OR');
    await Promise.all([page.waitForURL(/rule=/), page.click('form.rule button[type="submit"]')]);
    expect(await page.textContent('.result p.error')).toMatch(/^Syntax error \(line 1, column \d+\): .+/);
    expect(await page.textContent('pre.excerpt')).toMatch(/^huawei AND \(cloud OR\n +\^$/);

    await page.fill('textarea[name="rule"]', 'huawei AND "cloud souverain" NOT <script>');
    await page.fill('input[name="title"]', 'Huawei et le cloud souverain');
    await Promise.all([page.waitForURL(/title=/), page.click('form.rule button[type="submit"]')]);
    expect(await page.textContent('.result p.ok')).toBe('The rule is valid.');
    expect(await page.textContent('pre.yaml')).toBe('rule: huawei AND "cloud souverain" NOT <script>\n');
    expect(await page.textContent('p.sample')).toBe('Matches: huawei, cloud souverain');
    expect(await page.inputValue('textarea[name="rule"]')).toBe('huawei AND "cloud souverain" NOT <script>');
    await browser.screenshot(page, 'rules-en');
    expect(events).toEqual([]);
  });
  it('Workbench: a watch\'s rule edited while typing shows its matches with reasons and the difference; hostile text stays inert', async () => {
    const { page, events } = await browser.page({ locale: 'en-US' });
    await page.goto(`${live.url}/workbench?watch=cloud`);
    // The watch's current rule, a keyword list, one keyword per line.
    expect(await page.inputValue('textarea[name="rule"]')).toBe('Huawei');
    expect(await page.inputValue('select[name="form"]')).toBe('list');
    expect(await page.textContent('h2.matches')).toBe('Matches (3)');
    expect(await page.textContent('h2.added')).toBe('Newly matched against the current rule (0)');

    await page.selectOption('select[name="form"]', 'rule');
    await page.fill('textarea[name="rule"]', 'Mistral AND (');
    await page.locator('#workbench-result p.error').waitFor();
    expect(await page.textContent('#workbench-result p.error')).toMatch(/^Syntax error \(line 1, column 14\): .+/);

    await page.fill('textarea[name="rule"]', 'Mistral OR "centre de données"');
    await page.locator('h2.added', { hasText: 'Newly matched against the current rule (1)' }).waitFor();
    const titles = (list: string) => page.$$eval(`ul.items.${list} > li .title`, (items) => items.map((item) => item.textContent));
    expect(await titles('added')).toEqual(['Mistral lève des fonds']);
    expect(await page.textContent('h2.removed')).toBe('No longer matched (2)');
    expect((await titles('removed')).sort()).toEqual(['Huawei "quoted" link', `Huawei ${HOSTILE.script} ${HOSTILE.img} [U+202E]gnp.exe`]);
    expect(await page.textContent('h2.matches')).toBe('Matches (2)');
    expect((await titles('matches')).sort()).toEqual(['Huawei ouvre un centre de données', 'Mistral lève des fonds']);
    // The reason per item, as `veille match` words it.
    const reasons = await page.$$eval('ul.items.matches > li', (items) => items.map((item) => [...item.querySelectorAll('.reasons li')].map((li) => li.textContent)));
    expect(reasons.every((list) => list.length > 0)).toBe(true);
    expect(await page.textContent('pre.yaml')).toBe('rule: Mistral OR "centre de données"\n');
    expect(new URL(page.url()).searchParams.get('rule')).toBe('Mistral OR "centre de données"');
    // The hostile item: text, not markup; its javascript: link is no link.
    expect(await page.locator('#workbench-result img').count()).toBe(0);
    expect(await page.$$eval('#workbench-result script', (scripts) => scripts.length)).toBe(0);
    expect((await hrefs(page)).filter((href) => !/^(https?:\/\/|\/)/.test(href))).toEqual([]);
    await page.waitForTimeout(300);
    await browser.screenshot(page, 'workbench-en');
    expect(events).toEqual([]);
  });

  it('Workbench without JavaScript, in French: a GET form', async () => {
    const { page, events } = await browser.page({ locale: 'fr-FR', javaScriptEnabled: false });
    await page.goto(`${live.url}/workbench`);
    await page.selectOption('select[name="watch"]', 'ai');
    await page.fill('textarea[name="rule"]', 'Huawei AND "centre de données"');
    await Promise.all([page.waitForURL(/rule=/), page.click('form.workbench button[type="submit"]')]);
    expect(await page.textContent('h1')).toBe('Atelier des règles');
    expect(await page.textContent('h2.added')).toBe('Nouvelles par rapport à la règle actuelle (1)');
    expect(await page.textContent('h2.removed')).toBe('Ne correspondent plus (1)');
    expect(await page.textContent('ul.items.removed .title')).toBe('Mistral lève des fonds');
    expect(await page.textContent('pre.yaml')).toBe('rule: Huawei AND "centre de données"\n');
    await browser.screenshot(page, 'workbench-fr-no-js');
    expect(events).toEqual([]);
  });
});
