import { afterEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/fetch-feed.js';
import { fetchError, fetchOptions } from './helpers/fetch-helpers.js';
import { openTcpSockets, startServer, startSilentTcpServer, type TestServer } from './helpers/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('fetchFeed: timeouts', () => {
  it('stops a slow-drip body (1 byte / 100 ms) at the total timeout and closes the socket', async () => {
    let timer: NodeJS.Timeout | undefined;
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
      timer = setInterval(() => res.write('x'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ totalTimeoutMs: 350 })));

    expect(error.kind).toBe('timeout');
    expect(error.url).toBe(url);
    expect(error.message).toBe(`total timeout: fetching ${url} took more than 350 ms (stopped at ${url})`);
    expect(await server.socketsState()).toBe('closed');
    clearInterval(timer);
  });

  it('stops at the total timeout when the server accepts the request but never answers', async () => {
    server = await startServer(() => undefined);
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ totalTimeoutMs: 200 })));

    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`total timeout: fetching ${url} took more than 200 ms (stopped at ${url})`);
    expect(server.requests).toHaveLength(1);
    expect(await server.socketsState()).toBe('closed');
  });

  it('stops at the connect timeout when DNS never answers', async () => {
    const url = 'http://never-resolves.test/feed';

    const error = await fetchError(
      fetchFeed(
        { url },
        fetchOptions({ connectTimeoutMs: 100, totalTimeoutMs: 5_000, lookup: () => new Promise(() => undefined) }),
      ),
    );

    expect(error.kind).toBe('timeout');
    expect(error.url).toBe(url);
    expect(error.message).toBe(`connect timeout: no connection to ${url} within 100 ms (DNS + TCP + TLS)`);
  });

  it('stops at the connect timeout when the TLS handshake never completes', async () => {
    server = await startSilentTcpServer();
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ connectTimeoutMs: 150, totalTimeoutMs: 5_000 })));

    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`connect timeout: no connection to ${url} within 150 ms (DNS + TCP + TLS)`);
    expect(server.sockets).toHaveLength(1);
    expect(await server.socketsState()).toBe('closed');
  });

  it('fails with kind timeout when the caller aborts mid-request', async () => {
    const controller = new AbortController();
    server = await startServer(() => controller.abort(new Error('shutting down')));
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ signal: controller.signal })));

    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`fetch of ${url} aborted by the caller`);
    expect(error.cause).toEqual(new Error('shutting down'));
    expect(await server.socketsState()).toBe('closed');
  });

  it('does not send anything when the caller signal is already aborted', async () => {
    server = await startServer((_req, res) => res.end('feed'));
    const url = `${server.origin}/feed`;

    const error = await fetchError(fetchFeed({ url }, fetchOptions({ signal: AbortSignal.abort() })));

    expect(error.kind).toBe('timeout');
    expect(error.message).toBe(`fetch of ${url} aborted by the caller`);
    expect(server.sockets).toHaveLength(0);
  });

  it('leaves no TCP socket open after timeouts once the servers are gone', async () => {
    server = await startServer(() => undefined);
    await fetchError(fetchFeed({ url: `${server.origin}/` }, fetchOptions({ totalTimeoutMs: 100 })));
    await server.close();
    server = await startSilentTcpServer();
    await fetchError(fetchFeed({ url: `${server.origin}/` }, fetchOptions({ connectTimeoutMs: 100 })));
    await server.close();
    server = undefined;

    expect(await openTcpSockets()).toBe(0);
  });
});
