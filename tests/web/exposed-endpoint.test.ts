import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { logLines } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { startLiveVeille, type LiveVeille } from './live-veille.js';

/** `veille run --http 0 --http-host 0.0.0.0` (the built bin), with and without VEILLE_HTTP_TOKEN. */
const tempDir = useTempDirs();
const TOKEN = 'correct-horse-battery-staple-42';
let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
}, 60_000);

const status = async (url: string, init?: RequestInit) => (await fetch(url, { ...init, redirect: 'manual' })).status;
const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

describe('an exposed endpoint', () => {
  let live: LiveVeille;
  afterAll(async () => {
    await live?.stop();
  }, 60_000);

  it('with a token: 401 without it, the page with it (header or the login form\'s cookie); health open, metrics need it', async () => {
    live = await startLiveVeille(await tempDir(), { args: ['--http-host', '0.0.0.0'], env: { VEILLE_HTTP_TOKEN: TOKEN } });
    expect(logLines(live.veille.stderr()).find((line) => line['msg'] === 'web pages listening')).toMatchObject({ access: 'token' });

    for (const path of ['/sources', '/posts', '/rules', '/metrics']) {
      expect({ path, status: await status(`${live.url}${path}`) }).toEqual({ path, status: 401 });
      expect({ path, status: await status(`${live.url}${path}`, bearer('wrong-token')) }).toEqual({ path, status: 401 });
      expect({ path, status: await status(`${live.url}${path}`, bearer(TOKEN.slice(0, -1))) }).toEqual({ path, status: 401 });
      expect({ path, status: await status(`${live.url}${path}`, bearer(TOKEN)) }).toEqual({ path, status: 200 });
    }
    expect(await status(`${live.url}/healthz`)).toBe(200);
    expect(await status(`${live.url}/readyz`)).toBe(200);
    const denied = await fetch(`${live.url}/posts`);
    expect(denied.headers.get('www-authenticate')).toBe('Bearer realm="veille"');
    const deniedPage = await denied.text();
    expect(deniedPage).toContain('<form class="login" method="post" action="/login">');
    expect(deniedPage).not.toContain('Huawei');
    expect(await (await fetch(`${live.url}/sources`, bearer(TOKEN))).text()).toContain('<td data-label="Health" class="health-failing">failing ×1</td>');

    // A person: the page asks for the token, the form sets an HttpOnly cookie, the page follows.
    const { page, events } = await browser.page({ locale: 'en-US' });
    const first = await page.goto(`${live.url}/posts?watch=ai`);
    expect(first?.status()).toBe(401);
    expect(await page.textContent('h1')).toBe('Sign in');
    await page.fill('input[name="token"]', 'not-it');
    await Promise.all([page.waitForLoadState(), page.click('form.login button')]);
    expect(await page.textContent('p.error')).toBe('Wrong token.');
    await page.fill('input[name="token"]', TOKEN);
    await Promise.all([page.waitForURL(/\/posts\?watch=ai$/), page.click('form.login button')]);
    expect(await page.textContent('h1')).toBe('Posts');
    expect(await page.locator('tbody tr').count()).toBe(1);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'veille_session', httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toContain(TOKEN);
    await browser.screenshot(page, 'exposed-signed-in');
    // Signing out drops the cookie: the page asks again.
    await Promise.all([page.waitForURL(/\/login$/), page.click('header form button')]);
    expect((await page.goto(`${live.url}/sources`))?.status()).toBe(401);
    expect(events.filter((event) => !event.includes('401'))).toEqual([]);
  });
});

describe('an exposed endpoint without a token', () => {
  it('says why at start; health and metrics as before; pages for loopback clients only', async () => {
    const live = await startLiveVeille(await tempDir(), { args: ['--http-host', '0.0.0.0'] });
    try {
      const warnings = logLines(live.veille.stderr()).filter((line) => line['level'] === 40 && String(line['msg']).startsWith('web pages'));
      expect(warnings).toEqual([
        expect.objectContaining({
          host: '0.0.0.0',
          msg: 'web pages answer loopback clients only: --http-host is not a loopback address and VEILLE_HTTP_TOKEN is not set (health and metrics stay open)',
        }),
      ]);
      expect(await status(`${live.url}/healthz`)).toBe(200);
      expect(await status(`${live.url}/metrics`)).toBe(200);
      // This test's client is on loopback: it may read the pages (another address gets 403: see access.test.ts).
      expect(await status(`${live.url}/sources`)).toBe(200);
    } finally {
      await live.stop();
    }
  });
});
