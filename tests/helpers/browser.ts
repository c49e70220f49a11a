import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium';

/** Screenshots land here: git-ignored, kept as test artifacts. */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  /** A fresh context (cookies, locale, viewport, JavaScript on or off) that records dialogs and console messages. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page of a fresh context; `events` gathers every dialog, console message and page error. */
  page(options?: BrowserContextOptions): Promise<{ page: Page; events: string[] }>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Launches Chromium headless on a fresh profile directory; fails with a clear message when it is not installed. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium (.ci/run does it)`);
  }
  // playwright-core passes Chromium a fresh --user-data-dir of its own (a new temporary profile per
  // launch, removed on close); it refuses one in `args`.
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  await mkdir(ARTIFACTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  const context = async (options: BrowserContextOptions = {}) => {
    const created = await browser.newContext(options);
    contexts.push(created);
    return created;
  };
  return {
    context,
    async page(options = {}) {
      const page = await (await context(options)).newPage();
      page.setDefaultTimeout(5_000);
      const events: string[] = [];
      page.on('dialog', (dialog) => {
        events.push(`dialog ${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on('console', (message) => events.push(`console ${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => events.push(`pageerror: ${error.message}`));
      return { page, events };
    },
    screenshot: async (page, name) => {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await Promise.all(contexts.map((created) => created.close()));
      await browser.close();
    },
  };
}
