import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunMonitoring } from '../../src/cli/run-monitoring.js';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { createDatabaseCheck } from '../../src/http/database-check.js';
import { createApp } from '../../src/main.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { createTestClock } from '../helpers/test-clock.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { sampleLines } from '../metrics/metric-lines.js';
import { captureLogger } from './capture-logger.js';

const tempDir = useTempDirs();
const server = useFeedServer();

const START = '2026-11-23T12:00:00.000Z';
const seconds = (iso: string) => Date.parse(iso) / 1000;

async function get(url: string) {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), body: response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
}

describe('health and metrics endpoint of a running app (real HTTP, real store)', () => {
  it('reports liveness, readiness and metrics through the cycles, then stops', async () => {
    const root = await tempDir();
    server.set('/a.xml', { body: rss('A', [{ title: 'Huawei, déjà là', link: 'https://news.example/old' }]), etag: true });
    const dir = await writeConfigDir(root, {
      sources: [
        { name: 'A', url: server.url('/a.xml') },
        { name: 'B', url: server.url('/gone.xml') },
      ],
    });
    const config = await loadConfig(dir, readRuntimeEnv({}));
    const dbPath = join(root, 'state', 'veille.db');
    const clock = createTestClock(START);
    const logger = captureLogger();
    const posted: string[] = [];
    const monitoring = createRunMonitoring(config, { host: '127.0.0.1', port: 0 }, { logger, dbPath, clock });
    const app = createApp(config, { dbPath, logger, write: (text) => posted.push(text), clock, observer: monitoring.observer });
    const endpoint = await monitoring.start(app.store);
    const cycle = () => app.runCycle();
    try {
      expect(logger.lines.filter((line) => line.message === 'http endpoint listening')).toEqual([
        {
          level: 'info',
          message: 'http endpoint listening',
          fields: { url: endpoint.url, host: '127.0.0.1', port: endpoint.port, paths: ['/healthz', '/readyz', '/metrics'], limitSeconds: 1260 },
        },
      ]);

      // Started, no cycle finished yet: alive, not ready.
      expect(await get(`${endpoint.url}/healthz`)).toEqual({
        status: 200,
        contentType: 'application/json; charset=utf-8',
        body: { status: 'ok', checks: { scheduler: { status: 'ok', lastActivityAt: START, limitSeconds: 1260 }, database: { status: 'ok', pending: 0 } } },
      });
      expect(await get(`${endpoint.url}/readyz`)).toEqual({ status: 503, contentType: 'application/json; charset=utf-8', body: { status: 'fail', reason: 'no cycle has finished yet' } });

      // First cycle: A seeded (1 item), B fails (404).
      await cycle();
      expect(await get(`${endpoint.url}/readyz`)).toEqual({
        status: 200,
        contentType: 'application/json; charset=utf-8',
        body: { status: 'ok', lastCycleFinishedAt: START, limitSeconds: 1260 },
      });
      const first = await get(`${endpoint.url}/metrics`);
      expect(first.status).toBe(200);
      expect(first.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = first.body as string;
      expect(sampleLines(text, 'veille_cycles_total')).toEqual(['veille_cycles_total 1']);
      expect(sampleLines(text, 'veille_source_fetches_total').filter((line) => !line.endsWith(' 0'))).toEqual([
        'veille_source_fetches_total{outcome="read"} 1',
        'veille_source_fetches_total{outcome="failed"} 1',
      ]);
      expect(sampleLines(text, 'veille_source_failures_total').filter((line) => !line.endsWith(' 0'))).toEqual(['veille_source_failures_total{kind="http-status"} 1']);
      expect(sampleLines(text, 'veille_items_seen_total')).toEqual(['veille_items_seen_total 1']);
      expect(sampleLines(text, 'veille_items_matched_total')).toEqual(['veille_items_matched_total 0']);
      expect(sampleLines(text, 'veille_outbox_pending')).toEqual(['veille_outbox_pending 0']);
      expect(sampleLines(text, 'veille_source_consecutive_failures')).toEqual(['veille_source_consecutive_failures{source="A"} 0', 'veille_source_consecutive_failures{source="B"} 1']);
      expect(sampleLines(text, 'veille_source_last_success_timestamp_seconds')).toEqual([`veille_source_last_success_timestamp_seconds{source="A"} ${seconds(START)}`]);
      expect(sampleLines(text, 'veille_cycle_last_finished_timestamp_seconds')).toEqual([`veille_cycle_last_finished_timestamp_seconds ${seconds(START)}`]);
      expect(text).toContain('# TYPE process_resident_memory_bytes gauge');

      // Ten minutes later: a new matching item is posted to the console.
      clock.advance(600_000);
      server.set('/a.xml', {
        body: rss('A', [
          { title: 'Huawei ouvre une région cloud à Paris', link: 'https://news.example/new' },
          { title: 'Huawei, déjà là', link: 'https://news.example/old' },
        ]),
        etag: true,
      });
      await cycle();
      expect(posted).toEqual(['[cloud] A | Huawei ouvre une région cloud à Paris | https://news.example/new | Huawei\n']);
      const second = (await get(`${endpoint.url}/metrics`)).body as string;
      expect(sampleLines(second, 'veille_cycles_total')).toEqual(['veille_cycles_total 2']);
      expect(sampleLines(second, 'veille_items_matched_total')).toEqual(['veille_items_matched_total 1']);
      expect(sampleLines(second, 'veille_outbox_enqueued_total')).toEqual(['veille_outbox_enqueued_total 1']);
      expect(sampleLines(second, 'veille_deliveries_total').filter((line) => !line.endsWith(' 0'))).toEqual(['veille_deliveries_total{destination="console",outcome="delivered"} 1']);
      expect(sampleLines(second, 'veille_source_consecutive_failures')).toEqual(['veille_source_consecutive_failures{source="A"} 0', 'veille_source_consecutive_failures{source="B"} 2']);
      expect(sampleLines(second, 'veille_source_last_success_timestamp_seconds')).toEqual([`veille_source_last_success_timestamp_seconds{source="A"} ${seconds('2026-11-23T12:10:00.000Z')}`]);

      // The scheduler goes silent past two gaps and a margin: neither alive nor ready.
      clock.advance(1_261_000);
      expect(await get(`${endpoint.url}/healthz`)).toEqual({
        status: 503,
        contentType: 'application/json; charset=utf-8',
        body: {
          status: 'fail',
          checks: {
            scheduler: { status: 'fail', lastActivityAt: '2026-11-23T12:10:00.000Z', limitSeconds: 1260, reason: 'no cycle activity for 1261 s' },
            database: { status: 'ok', pending: 0 },
          },
        },
      });
      expect((await get(`${endpoint.url}/readyz`)).body).toEqual({ status: 'fail', lastCycleFinishedAt: '2026-11-23T12:10:00.000Z', limitSeconds: 1260, reason: 'the last cycle finished 1261 s ago' });

      // A cycle brings both back; shutting down turns readiness off.
      await cycle();
      expect((await get(`${endpoint.url}/healthz`)).status).toBe(200);
      expect((await get(`${endpoint.url}/readyz`)).status).toBe(200);
      monitoring.stopping();
      expect(await get(`${endpoint.url}/readyz`)).toEqual({ status: 503, contentType: 'application/json; charset=utf-8', body: { status: 'fail', reason: 'shutting down' } });
    } finally {
      await endpoint.close();
      await app.close();
    }
    await expect(fetch(`${endpoint.url}/healthz`)).rejects.toThrow('fetch failed');
  });
});

describe('database check', () => {
  const fails = (message: string) => async () => {
    throw new Error(message);
  };
  it.each([
    { name: 'a writable store', store: { checkWritable: async () => undefined, pendingCount: async () => 4 }, detail: { status: 'ok', pending: 4 } },
    { name: 'a locked or read-only database', store: { checkWritable: fails('database is locked'), pendingCount: async () => 0 }, detail: { status: 'fail', reason: 'database is locked' } },
    { name: 'a store that cannot be read', store: { checkWritable: async () => undefined, pendingCount: fails('the store is closed') }, detail: { status: 'fail', reason: 'the store is closed' } },
  ])('$name', async ({ store, detail }) => {
    expect(await createDatabaseCheck(store)()).toEqual({ ok: detail.status === 'ok', detail });
  });

  it('fails once the real store is closed', async () => {
    const root = await tempDir();
    const app = createApp(await loadConfig(await writeConfigDir(root, { sources: [{ name: 'A', url: 'https://a.example/feed' }] }), readRuntimeEnv({})), {
      dbPath: join(root, 'veille.db'),
      logger: captureLogger(),
      write: () => undefined,
    });
    const check = createDatabaseCheck(app.store);
    expect(await check()).toEqual({ ok: true, detail: { status: 'ok', pending: 0 } });
    await app.close();
    expect(await check()).toEqual({ ok: false, detail: { status: 'fail', reason: `cannot checkWritable: the store on ${join(root, 'veille.db')} is closed` } });
  });
});
