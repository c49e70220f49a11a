/**
 * `npm run bench:web` (also the last step of `npm run bench`): the web pages' load time with 1,000
 * sources and 10,000 posts in a real SQLite state, written through the Store, each source with its
 * charts (new items on ten of the last 30 days, its last SOURCE_READS_KEPT read durations). Each page is asked
 * over loopback HTTP from the real endpoint; the table gives the server time (the handler: store
 * read + render) and the whole request, median and p95, and the page size. Target: under 200 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS } from '../src/config/config-defaults.js';
import type { SourceConfig, VeilleConfig } from '../src/config/config-types.js';
import { startHttpServer, type HttpHandler } from '../src/http/http-server.js';
import type { FeedItem } from '../src/parse/feed-item.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { SOURCE_READS_KEPT } from '../src/store/store.js';
import { createAccess } from '../src/web/access.js';
import { webRoutes } from '../src/web/web-routes.js';
import { silentLogger } from './support/silent-logger.js';

const SOURCES = 1_000;
const POSTS_PER_SOURCE = 10;
const FAILING_EVERY = 20;
const WARMUP = 5;
const ROUNDS = 40;
const TARGET_MS = 200;
const DAY = '2026-03-02';

const quantile = (values: readonly number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'veille-web-bench-'));
  const store = openSqliteStore(join(dir, 'state.db'), { quickCheck: false });
  try {
    const sources: SourceConfig[] = Array.from({ length: SOURCES }, (_, index) => {
      const url = `https://feeds${index % 50}.example/source-${index}.xml`;
      return { name: `source-${String(index).padStart(4, '0')}`, url, displayUrl: url, host: new URL(url).hostname, backfillMs: 0, staleAfterMs: 0 };
    });
    const fillStarted = performance.now();
    for (const [index, source] of sources.entries()) {
      // One item a read, each on its own day of the last 30: every new-items chart has ten bars to draw.
      const dayOf = (n: number) => new Date(Date.parse(`${DAY}T00:00:00.000Z`) + (index % 720) * 60_000 - ((index % 3) + (POSTS_PER_SOURCE - 1 - n) * 3) * 86_400_000).toISOString();
      const at = dayOf(POSTS_PER_SOURCE - 1);
      const watch = index % 3 === 0 ? 'ai' : 'cloud';
      for (let n = 0; n < POSTS_PER_SOURCE; n += 1) {
        const item: FeedItem = {
          id: `${source.name}-${n}`,
          storyKey: `https://news.example/${source.name}/${n}`,
          source: source.name,
          title: `Huawei et le cloud souverain, épisode ${n} de ${source.name} <b>"quoted"</b>`,
          link: `https://news.example/${source.name}/${n}`,
          summary: 'Un résumé de taille ordinaire, avec quelques mots de plus pour ressembler à un vrai article de presse. '.repeat(3),
          categories: ['tech'],
          published: dayOf(n),
          publishedFromFeed: true,
        };
        await store.commitSourceSuccess({
          source: source.name,
          url: source.url,
          at: dayOf(n),
          validators: {},
          items: [{ item, deliveries: [{ destination: index % 2 === 0 ? 'discord' : 'slack', watch, terms: ['Huawei', 'cloud souverain'] }] }],
        });
      }
      if (index % FAILING_EVERY === 0) {
        await store.recordFailure(source.name, source.url, { kind: 'timeout', message: `timed out after 30 s reading ${source.url}`, at, nextAttemptAt: at });
      }
    }
    // A share of the outbox delivered, some failed, the rest pending (one turn's writes share a commit).
    const marks: Promise<void>[] = [];
    for (let id = 1; id <= SOURCES * POSTS_PER_SOURCE; id += 1) {
      if (id % 10 === 0) marks.push(store.markFailed(id, { at: `${DAY}T23:00:00.000Z`, error: 'HTTP 400 Invalid Form Body' }));
      else if (id % 10 !== 1) marks.push(store.markDelivered(id, `${DAY}T23:00:00.000Z`));
    }
    await Promise.all(marks);
    // Every source with its full chart of read durations (the last SOURCE_READS_KEPT reads), a few failed.
    for (const [index, source] of sources.entries()) {
      await Promise.all(
        Array.from({ length: SOURCE_READS_KEPT }, (_, n) =>
          store.recordSourceRead({
            source: source.name,
            at: new Date(Date.parse(`${DAY}T12:00:00.000Z`) - n * 900_000).toISOString(),
            durationMs: 80 + ((index * 7 + n * 13) % 900),
            outcome: (index + n) % 17 === 0 ? 'failed' : n % 3 === 0 ? 'read' : 'not-modified',
          }),
        ),
      );
    }
    const fillMs = performance.now() - fillStarted;

    const config: Pick<VeilleConfig, 'sources' | 'watches' | 'destinations' | 'settings'> = {
      sources,
      watches: [
        { name: 'cloud', rule: ['Huawei'], sources: [], to: ['discord', 'slack'] },
        { name: 'ai', rule: ['Mistral'], sources: [], to: ['discord'] },
      ],
      destinations: [
        { type: 'discord-webhook', name: 'discord', options: { webhookUrl: 'https://discord.com/api/webhooks/1/secret' } },
        { type: 'slack-webhook', name: 'slack', options: { webhookUrl: 'https://hooks.slack.com/services/T/B/secret' } },
      ],
      settings: { ...DEFAULT_SETTINGS },
    };
    const cycles = Array.from({ length: 48 }, (_, index) => ({ startedAt: new Date(Date.parse(`${DAY}T00:00:00.000Z`) + index * 600_000).toISOString(), durationMs: 800 + (index % 7) * 150 }));
    const web = webRoutes({
      config: () => config,
      store,
      access: createAccess({ host: '127.0.0.1', metricsPublic: false }),
      cycles: () => cycles,
      now: () => new Date(`${DAY}T23:30:00.000Z`),
    });
    const serverMs = new Map<string, number[]>();
    const timed = new Map<string, HttpHandler>(
      [...web.routes].map(([path, handler]) => [
        path,
        async (request) => {
          const started = performance.now();
          const reply = await handler(request);
          const key = `${request.url.pathname}${request.url.search}`;
          serverMs.set(key, [...(serverMs.get(key) ?? []), performance.now() - started]);
          return reply;
        },
      ]),
    );
    const endpoint = await startHttpServer({ host: '127.0.0.1', port: 0, routes: timed, logger: silentLogger });
    try {
      const pages = ['/sources', '/posts', '/posts?watch=ai', '/posts?destination=slack&status=failed', `/posts?day=${DAY}`, '/posts?before=200', '/rules?rule=huawei+AND+%22cloud+souverain%22&title=Huawei+cloud+souverain'];
      const rows: string[] = [];
      let worst = 0;
      for (const path of pages) {
        const requestMs: number[] = [];
        let bytes = 0;
        for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
          const started = performance.now();
          const response = await fetch(`${endpoint.url}${path}`);
          const body = await response.text();
          if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
          if (round >= WARMUP) requestMs.push(performance.now() - started);
          bytes = Buffer.byteLength(body);
        }
        const server = (serverMs.get(path) ?? []).slice(WARMUP);
        worst = Math.max(worst, quantile(server, 0.95));
        rows.push(
          `| \`${path}\` | ${quantile(server, 0.5).toFixed(1)} | ${quantile(server, 0.95).toFixed(1)} | ${quantile(requestMs, 0.5).toFixed(1)} | ${quantile(requestMs, 0.95).toFixed(1)} | ${(bytes / 1024).toFixed(0)} KiB |`,
        );
      }
      process.stdout.write(
        [
          `## Web pages: ${SOURCES.toLocaleString('en')} sources, ${(SOURCES * POSTS_PER_SOURCE).toLocaleString('en')} posts (state filled in ${(fillMs / 1000).toFixed(1)} s), ${ROUNDS} requests per page after ${WARMUP} warm-up`,
          '',
          '| page | server median (ms) | server p95 (ms) | request median (ms) | request p95 (ms) | size |',
          '|---|---:|---:|---:|---:|---:|',
          ...rows,
          '',
          `Target: every page under ${TARGET_MS} ms of server time (p95): ${worst < TARGET_MS ? 'met' : 'MISSED'} (worst p95 ${worst.toFixed(1)} ms).`,
          '',
        ].join('\n'),
      );
      if (worst >= TARGET_MS) process.exitCode = 1;
    } finally {
      await endpoint.close();
    }
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
