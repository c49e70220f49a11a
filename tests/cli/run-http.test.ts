import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeConfigDir } from '../helpers/config-dir.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/rss.js';
import { runCliInProcess } from '../helpers/run-cli.js';
import { logLines, spawnCli, type SpawnedCli } from '../helpers/spawn-cli.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
  server.set('/a.xml', { body: rss('A', [{ title: 'Huawei, déjà là', link: 'https://news.example/old' }]), etag: true });
});
afterEach(async () => {
  await server.close();
});

/** A loopback port held by another server, so that binding it fails. */
async function occupiedPort(): Promise<{ port: number; release(): Promise<void> }> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { port: (blocker.address() as AddressInfo).port, release: () => new Promise<void>((resolve) => blocker.close(() => resolve())) };
}

const logged = (veille: SpawnedCli, message: string) => logLines(veille.stderr()).filter((line) => line['msg'] === message);

async function endpointUrl(veille: SpawnedCli): Promise<string> {
  await veille.waitFor(() => logged(veille, 'http endpoint listening').length > 0, 'the endpoint listening');
  return String(logged(veille, 'http endpoint listening')[0]?.['url']);
}

describe('veille run --http (the built bin, a real process)', () => {
  it('serves /healthz, /readyz and /metrics, turns ready after the first cycle, and closes on SIGTERM', async () => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }] });
    const veille = spawnCli(['run', '--config', dir, '--http', '0'], { VEILLE_DB: join(root, 'veille.db') });
    const url = await endpointUrl(veille);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await veille.waitFor(() => logged(veille, 'cycle finished').length === 1, 'the first cycle');

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', limitSeconds: 1260 });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics.split('\n')).toContain('veille_cycles_total 1');
    expect(metrics.split('\n')).toContain('veille_source_consecutive_failures{source="A"} 0');
    expect(logged(veille, 'veille started')[0]).toMatchObject({ http: url });

    veille.child.kill('SIGTERM');
    expect(await veille.exited).toEqual({ code: 0, signal: null });
    expect(logLines(veille.stderr()).map((line) => line['msg']).at(-1)).toBe('stopped');
    expect(logLines(veille.stderr()).filter((line) => (line['level'] as number) >= 40)).toEqual([]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow('fetch failed');
  });

  it('listens on settings.http_port, and --http overrides it', async () => {
    const taken = await occupiedPort();
    try {
      const root = await tempDir();
      const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }], extra: `settings:\n  http_port: ${taken.port}\n` });
      const env = { VEILLE_DB: join(root, 'veille.db') };

      // settings.http_port is used: the port is taken, so veille exits 1 and says why.
      const failed = await runCliInProcess(['run', '--config', dir], { env });
      expect(failed.code).toBe(1);
      expect(logLines(failed.stderr).map((line) => [line['level'], line['msg']])).toEqual([[50, `cannot listen on 127.0.0.1:${taken.port}: address already in use`]]);

      // --http 0 wins over the setting.
      const veille = spawnCli(['run', '--config', dir, '--http', '0'], env);
      const url = await endpointUrl(veille);
      expect(url).not.toBe(`http://127.0.0.1:${taken.port}`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      veille.child.kill('SIGTERM');
      expect(await veille.exited).toEqual({ code: 0, signal: null });
    } finally {
      await taken.release();
    }
  });

  it.each([
    { args: ['--http', 'abc'], stderr: "veille: --http expects a port number (0-65535), got 'abc'\n" },
    { args: ['--http', '65536'], stderr: "veille: --http expects a port number (0-65535), got '65536'\n" },
    { args: ['--http=-1'], stderr: "veille: --http expects a port number (0-65535), got '-1'\n" },
    { args: ['--http', '8080.5'], stderr: "veille: --http expects a port number (0-65535), got '8080.5'\n" },
    { args: ['--http-host', '0.0.0.0'], stderr: 'veille run: --http-host needs --http PORT (or settings.http_port)\n' },
  ])('exits 2 on run $args', async ({ args, stderr }) => {
    const root = await tempDir();
    const dir = await writeConfigDir(root, { sources: [{ name: 'A', url: server.url('/a.xml') }] });
    expect(await runCliInProcess(['run', '--config', dir, ...args], { env: { VEILLE_DB: join(root, 'veille.db') } })).toEqual({ code: 2, stdout: '', stderr });
    expect(server.requests).toEqual([]);
  });
});
