import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readRuntimeEnv } from '../../src/config/runtime-env.js';
import { createApp } from '../../src/main.js';
import { writeConfigDir } from '../helpers/config-dir.js';
import { rss } from '../helpers/rss.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

/**
 * A loopback feed server on one address (127.0.0.1, 127.0.0.2…: distinct hosts for veille) that
 * holds every request until the test lets them go, and counts the requests in flight.
 */
interface HoldingServer {
  readonly host: string;
  url(path: string): string;
  inFlight: number;
  maxInFlight: number;
  requests: number;
  /** Answers the held requests, and from now on answers at once. */
  releaseAll(): void;
  close(): Promise<void>;
}

const servers: HoldingServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function startHoldingServer(host: string): Promise<HoldingServer> {
  const held: (() => void)[] = [];
  let holding = true;
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    state.requests += 1;
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    const answer = (): void => {
      state.inFlight -= 1;
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      response.end(rss(path, [{ title: `Huawei ${host}${path}`, link: `https://news.example${path}` }]));
    };
    if (holding) held.push(answer);
    else answer();
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const state: HoldingServer = {
    host,
    url: (path) => `http://${host}:${port}${path}`,
    inFlight: 0,
    maxInFlight: 0,
    requests: 0,
    releaseAll: () => {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(state);
  return state;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('settings.per_host: requests at once to one host', () => {
  it.each([
    // per_host, the YAML line (absent: the default, 2)
    [1, 'per_host: 1'],
    [2, null],
    [3, 'per_host: 3'],
  ])('at most %i to a host while the other hosts proceed (%s)', async (perHost, line) => {
    // Five feeds on one busy host, listed first; two on a second host, one on a third. 127.0.0.2 and
    // 127.0.0.3 are on the loopback interface (Linux), a private address that a source may use.
    const busy = await startHoldingServer('127.0.0.1');
    const second = await startHoldingServer('127.0.0.2');
    const third = await startHoldingServer('127.0.0.3');
    const sources = [
      ...[1, 2, 3, 4, 5].map((n) => ({ name: `busy-${n}`, url: busy.url(`/busy-${n}.xml`) })),
      ...[1, 2].map((n) => ({ name: `second-${n}`, url: second.url(`/second-${n}.xml`) })),
      { name: 'third-1', url: third.url('/third-1.xml') },
    ];
    const root = await tempDir();
    const settings = `settings:\n  concurrency: 16\n${line === null ? '' : `  ${line}\n`}`;
    const dir = await writeConfigDir(root, { sources, extra: settings });
    const config = await loadConfig(dir, readRuntimeEnv({}));
    expect(config.settings.perHost).toBe(perHost);
    const app = createApp(config, { dbPath: `${root}/veille.db`, logger: silentLogger, write: () => {} });
    try {
      const cycle = app.runCycle();
      // The busy host is at its limit, and the other hosts were requested meanwhile.
      const expectedSecond = Math.min(perHost, 2);
      await until(
        () => busy.inFlight >= perHost && second.inFlight >= expectedSecond && third.inFlight >= 1,
        'the first requests of every host',
      );
      // Nothing more reaches the busy host while its first requests are held.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect([busy.inFlight, busy.requests]).toEqual([perHost, perHost]);
      expect([second.inFlight, third.inFlight]).toEqual([expectedSecond, 1]);

      for (const server of [busy, second, third]) server.releaseAll();
      const report = await cycle;
      expect(report.fetched).toBe(8);
      expect([busy.requests, second.requests, third.requests]).toEqual([5, 2, 1]);
      expect([busy.maxInFlight, second.maxInFlight, third.maxInFlight]).toEqual([perHost, expectedSecond, 1]);
    } finally {
      await app.close();
    }
  });

  it('a source waiting for its host does not take a slot of the global concurrency', async () => {
    // concurrency 2, per_host 1: busy-2 and busy-3 wait for busy-1 without holding the second slot,
    // which goes to the other host's source.
    const busy = await startHoldingServer('127.0.0.1');
    const second = await startHoldingServer('127.0.0.2');
    const sources = [
      ...[1, 2, 3].map((n) => ({ name: `busy-${n}`, url: busy.url(`/busy-${n}.xml`) })),
      { name: 'second-1', url: second.url('/second-1.xml') },
    ];
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources, extra: 'settings:\n  concurrency: 2\n  per_host: 1\n' });
    const app = createApp(await loadConfig(dir, readRuntimeEnv({})), { dbPath: `${root}/veille.db`, logger: silentLogger, write: () => {} });
    try {
      const cycle = app.runCycle();
      await until(() => busy.inFlight >= 1 && second.inFlight >= 1, 'one request on each host');
      expect([busy.inFlight, second.inFlight]).toEqual([1, 1]);
      busy.releaseAll();
      second.releaseAll();
      expect((await cycle).fetched).toBe(4);
      expect([busy.maxInFlight, second.maxInFlight]).toEqual([1, 1]);
    } finally {
      await app.close();
    }
  });

  it('counts hosts by name, case-insensitively, whatever the port', async () => {
    // Two servers on 127.0.0.1 (two ports) are one host; with per_host 1 they are read one at a time.
    const first = await startHoldingServer('127.0.0.1');
    const other = await startHoldingServer('127.0.0.1');
    const sources = [
      { name: 'a', url: first.url('/a.xml') },
      { name: 'b', url: other.url('/b.xml').replace('http://127.0.0.1', 'HTTP://127.0.0.1') },
    ];
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources, extra: 'settings:\n  per_host: 1\n' });
    const app = createApp(await loadConfig(dir, readRuntimeEnv({})), { dbPath: `${root}/veille.db`, logger: silentLogger, write: () => {} });
    try {
      const cycle = app.runCycle();
      await until(() => first.inFlight === 1, 'the first source');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(other.requests).toBe(0);
      first.releaseAll();
      await until(() => other.inFlight === 1, 'the second source');
      other.releaseAll();
      expect((await cycle).fetched).toBe(2);
    } finally {
      await app.close();
    }
  });
});
