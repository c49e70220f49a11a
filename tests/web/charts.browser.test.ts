import { writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDay } from '../../src/web/zoned-day.js';
import { launchBrowser, type TestBrowser } from '../helpers/browser.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';

/**
 * The Sources page's interval column and per-source charts in Debian's Chromium, against a state
 * built by three real cycles (two `veille once`, then the first of `veille run`): Actu read three
 * times (3 items, first seen today), Broken failing twice then backing off (its third cycle skips
 * it). Then the config directory changes under the running veille and the page follows.
 */
let browser: TestBrowser;
let feeds: FeedServer;
let veille: SpawnedCli;
let root: string;
let configDir: string;
let url: string;

const logged = (message: string) => logLines(veille.stderr()).filter((line) => line['msg'] === message);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'veille-web-charts-'));
  browser = await launchBrowser();
  feeds = await startFeedServer();
  const recent = new Date(Date.now() - 3_600_000).toISOString();
  feeds.set('/actu.xml', {
    body: rss('Actu', [
      { title: 'Huawei ouvre un centre de données', link: 'https://news.example/huawei-dc', published: recent },
      { title: 'Mistral lève des fonds', link: 'https://news.example/mistral', published: recent },
      { title: 'Le cloud souverain', link: 'https://news.example/cloud', published: recent },
    ]),
  });
  feeds.set('/broken.xml', { body: 'upstream down', status: 500, contentType: 'text/plain' });
  feeds.set('/new.xml', { body: rss('Nouvelle', []) });
  configDir = await writeConfigDir(root, {
    sources: [
      { name: 'Actu', url: feeds.url('/actu.xml'), backfill: '7d' },
      { name: 'Broken', url: feeds.url('/broken.xml') },
    ],
    watches: [{ name: 'cloud', rule: ['Huawei'] }],
    // Only the first cycle at start: a scheduled one in the middle of a test would change what the page shows.
    extra: 'schedule: "0 3 1 1 *"\n',
  });
  const env = { VEILLE_DB: join(root, 'veille.db') };
  for (let cycle = 0; cycle < 2; cycle += 1) {
    const once = spawnCli(['once', '--config', configDir], env);
    expect((await once.exited).code).toBe(0);
  }
  veille = spawnCli(['run', '--config', configDir, '--http', '0'], env);
  await veille.waitFor(() => logged('cycle finished').length > 0, 'the first cycle');
  url = `http://127.0.0.1:${Number(logged('http endpoint listening')[0]?.['port'])}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (veille !== undefined && veille.child.exitCode === null && veille.child.signalCode === null) veille.child.kill('SIGTERM');
  await veille?.exited;
  await feeds?.close();
  await rm(root, { recursive: true, force: true });
}, 60_000);

/** What the person sees of one source's row: cells by their label, and its two charts. */
async function sourceRow(page: Page, name: string) {
  const row = page.locator('table.sources tbody tr', { has: page.locator('td[data-label="Source"] .feed-text', { hasText: new RegExp(`^${name}$`) }) });
  const cell = async (label: string) => ((await row.locator(`td[data-label="${label}"]`).textContent()) ?? '').trim().replace(/\s+/g, ' ');
  const bars = async (selector: string) => {
    const d = await row.locator(selector).evaluateAll((paths) => paths.map((path) => path.getAttribute('d') ?? '').join(''));
    return (d.match(/M/g) ?? []).length;
  };
  return {
    row,
    cell,
    newItems: row.locator('svg.spark.new-items'),
    reads: row.locator('svg.spark.reads'),
    newItemBars: () => bars('svg.new-items path.bar'),
    readBars: () => bars('svg.reads path.bar:not(.failed)'),
    failedBars: () => bars('svg.reads path.failed'),
  };
}

describe('Sources page: intervals and charts', () => {
  it('the charts of a state built by real cycles: one bar per day with new items, one per read, failed reads apart; their numbers as text', async () => {
    const { page, events } = await browser.page({ locale: 'en-US' });
    await page.goto(`${url}/sources`);
    const today = zonedDay(Date.now(), 'Europe/Paris');

    const actu = await sourceRow(page, 'Actu');
    expect(await actu.newItems.isVisible()).toBe(true);
    expect(await actu.newItemBars()).toBe(1);
    // Each chart's accessible name (its <title>) gives its numbers.
    expect(await actu.row.getByRole('img', { name: `New items per day, last 90 days: 3 in all, on 1 day; most 3 on ${today}; today 3`, exact: true }).count()).toBe(1);
    expect(await actu.newItems.locator('title').textContent()).toBe(`New items per day, last 90 days: 3 in all, on 1 day; most 3 on ${today}; today 3`);
    expect(await actu.reads.isVisible()).toBe(true);
    expect(await actu.readBars()).toBe(3);
    expect(await actu.failedBars()).toBe(0);
    expect(await actu.row.getByRole('img', { name: /^Last 3 reads: median \d+\.\d\d s, longest \d+\.\d\d s, 0 failed$/ }).count()).toBe(1);
    expect(await actu.row.locator('.spark-caption').allTextContents()).toEqual(['3 new in 90 days', expect.stringMatching(/^3 reads, median \d+\.\d\d s$/)]);

    const broken = await sourceRow(page, 'Broken');
    expect(await broken.newItemBars()).toBe(0);
    expect(await broken.row.getByRole('img', { name: 'New items per day, last 90 days: none', exact: true }).count()).toBe(1);
    expect(await broken.readBars()).toBe(0);
    expect(await broken.failedBars()).toBe(2);
    expect(await broken.row.getByRole('img', { name: /^Last 2 reads: median \d+\.\d\d s, longest \d+\.\d\d s, 2 failed$/ }).count()).toBe(1);
    // Failed reads are drawn in the failure colour (the stylesheet applied under the CSP).
    const stroke = (selector: string) => page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).stroke`);
    expect(await stroke('svg.spark.reads path.failed')).toMatch(/^rgb\(/);
    expect(await stroke('svg.spark.reads path.failed')).not.toBe(await stroke('svg.spark.reads path.bar:not(.failed)'));
    expect(await page.textContent('body')).not.toContain('not kept in the state yet');
    await browser.screenshot(page, 'sources-charts-en');
    expect(events).toEqual([]);
  });

  it('the interval column and the next read: each cycle, or the backoff after two failures', async () => {
    const { page, events } = await browser.page({ locale: 'en-US' });
    await page.goto(`${url}/sources`);
    expect(await page.$$eval('table.sources thead th', (cells) => cells.map((cell) => cell.textContent))).toEqual([
      'Source', 'Health', 'Last success', 'Last error', 'Items seen', 'Interval', 'Next read', 'New items per day · last reads',
    ]);
    const actu = await sourceRow(page, 'Actu');
    expect([await actu.cell('Health'), await actu.cell('Interval'), await actu.cell('Next read')]).toEqual(['ok', 'each cycle', 'next cycle']);
    const broken = await sourceRow(page, 'Broken');
    expect([await broken.cell('Health'), await broken.cell('Interval')]).toEqual(['failing ×2', 'each cycle (backing off after failures)']);
    const nextRead = await broken.row.locator('td.next-read time').getAttribute('datetime');
    // Its second failure, plus the five-minute backoff, is ahead.
    expect(Date.parse(nextRead ?? '')).toBeGreaterThan(Date.now());

    const { page: fr } = await browser.page({ locale: 'fr-FR' });
    await fr.goto(`${url}/sources`);
    expect(await fr.$$eval('table.sources tbody tr td.interval', (cells) => cells.map((cell) => cell.textContent))).toEqual([
      'à chaque cycle (attente après des échecs)',
      'à chaque cycle',
    ]);
    expect(await fr.locator('svg.spark.reads title').first().textContent()).toMatch(/^2 dernières lectures : médiane \d+\.\d\d s, la plus longue \d+\.\d\d s, 2 en échec$/);
    expect(events).toEqual([]);
  });

  it('on a phone: each card shows its charts within the screen', async () => {
    const { page, events } = await browser.page({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.goto(`${url}/sources`);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    for (const chart of await page.locator('svg.spark').all()) {
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
      expect(box?.height).toBeGreaterThan(10);
    }
    await browser.screenshot(page, 'phone-sources-charts-fr');
    expect(events).toEqual([]);
  });

  it('a reload of the config directory shows at the next request: a new source with its interval, a new watch in the filters', async () => {
    await writeFile(
      join(configDir, 'sources.yaml'),
      `sources:\n  - name: Actu\n    url: ${JSON.stringify(feeds.url('/actu.xml'))}\n    backfill: 7d\n  - name: Broken\n    url: ${JSON.stringify(feeds.url('/broken.xml'))}\n` +
        `  - name: Nouvelle\n    url: ${JSON.stringify(feeds.url('/new.xml'))}\n    every: 2h\n`,
    );
    await writeFile(join(configDir, 'watches.yaml'), 'watches:\n  - name: cloud\n    rule: ["Huawei"]\n    to: ["console"]\n  - name: ia\n    rule: ["Mistral"]\n    to: ["console"]\n');
    await veille.waitFor(() => logged('configuration reloaded: applies from the next cycle').length > 0, 'the reload');

    const { page, events } = await browser.page({ locale: 'en-US' });
    await page.goto(`${url}/sources`);
    expect(await page.textContent('p.summary')).toBe('3 sources, 1 failing');
    const added = await sourceRow(page, 'Nouvelle');
    // Not read yet (the next cycle takes the new configuration): new, its `every:` shown, read at the next cycle.
    expect([await added.cell('Health'), await added.cell('Items seen'), await added.cell('Interval'), await added.cell('Next read')]).toEqual([
      'new', '0', '2h (every: in the config)', 'next cycle',
    ]);
    expect(await added.newItemBars()).toBe(0);
    expect(await added.row.locator('.spark-empty').textContent()).toBe('No read recorded yet.');
    await browser.screenshot(page, 'sources-after-reload-en');

    await page.goto(`${url}/posts`);
    expect(await page.$$eval('select[name="watch"] option', (options) => options.map((option) => option.getAttribute('value')))).toEqual(['', 'cloud', 'ia']);
    await page.goto(`${url}/workbench?watch=ia`);
    expect(await page.inputValue('textarea[name="rule"]')).toBe('Mistral');
    expect(events).toEqual([]);
  });
});
